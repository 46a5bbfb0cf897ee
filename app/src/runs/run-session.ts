import { batch as solidBatch, createMemo, createSignal, type Accessor } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { dict, ErrorCode, ownValue, toErrorData, type ApprovalDecision, type JsonValue, type NodeStatus, type RunState } from "@nexus-flow/shared";
import type { AppContext } from "../app-context.ts";
import type { EditorSession } from "../editor/editor-session.ts";
import { readFlow } from "../flow-doc/index.ts";
import type { NexusDb } from "../storage/db.ts";
import { toast } from "../ui/toast.tsx";
import type { EventBatch, RunSnapshot, StartCommand } from "./engine-api.ts";
import { newRunId } from "./run-id.ts";
import { engineClient } from "./engine-client.ts";
import { applyBatch, viewOfLog, type RunView } from "./run-view.ts";
import { readHistory, readRunLog, type HistoryEntry } from "./run-history.ts";
import { installBenchHookIfAsked } from "./bench-hook.ts";
import type { RunBroadcast } from "@nexus-flow/shared/collab";

/** Runs of the open flow: the one shown on the canvas, and the commands on it. */
export interface RunSession {
  /** The run shown on the canvas and in the run panel (live or from history). */
  readonly shown: Accessor<RunState | undefined>;
  /** The shown run is going on in this tab (also while it waits for an approval). */
  readonly running: Accessor<boolean>;
  /** Starts the current draft; without `input`, with the run panel's Run input. */
  start(input?: JsonValue): Promise<void>;
  cancel(): void;
  signal(nodeId: string, decision: ApprovalDecision): void;
  rerunFrom(nodeId: string): Promise<void>;
  /** Runs one node with the input recorded in the run shown (its upstream reused), nothing after it. */
  runNode(nodeId: string): Promise<void>;
  show(runId: string | undefined): Promise<void>;
  dispose(): void;
  /**
   * A node's status in the shown run, tracked per node: reading it re-runs only when that
   * node's status changes (reading `shown()` re-runs on every batch of a 10,000-node run).
   */
  nodeStatus(nodeId: string): NodeStatus | undefined;
  /** The shown run's log, state and liveness. */
  readonly view: Accessor<RunView | undefined>;
  /** The flow's runs, newest first. */
  readonly history: Accessor<readonly HistoryEntry[]>;
  refreshHistory(): Promise<void>;
  /** The run panel's Run input field (JSON text). */
  readonly inputText: Accessor<string>;
  setInputText(text: string): void;
  /** The run input as JSON, or why the field's text is not JSON. */
  readonly parsedInput: Accessor<{ ok: true; value: JsonValue } | { ok: false; message: string }>;
  /** For the settings section of the run panel. */
  readonly db: NexusDb;
  /** A collaborator's run, shown on the canvas while this tab shows no live run of its own. */
  readonly remote: Accessor<RunBroadcast | undefined>;
  showRemote(run: RunBroadcast): void;
}

installBenchHookIfAsked();

const viewerCannotRun = "This flow was shared with you to view: you see its runs, and cannot start them.";

/**
 * Creates the runs side of an open flow. On creation it asks the engine worker to resume
 * the flow's interrupted runs (runs the history says are unfinished and no live tab holds)
 * and shows the newest live one.
 * @example const runs = createRunSession(context, session); await runs.start({ orderId: 7 });
 */
export function createRunSession(context: AppContext, session: EditorSession): RunSession {
  const client = engineClient();
  const [view, setViewSignal] = createSignal<RunView>();
  const [statuses, setStatuses] = createStore<Record<string, NodeStatus>>(dict()); // by node id: no prototype
  /** Shows `next`; `batch` names the events that changed it (only their nodes' statuses are touched). */
  function setView(next: RunView | undefined, batch?: EventBatch): void {
    const sameRun = next !== undefined && next.runId === view()?.runId;
    solidBatch(() => {
      clearRemote();
      setViewSignal(next);
      if (sameRun && batch) {
        for (const event of batch.events) {
          const status = "nodeId" in event ? ownValue(next.state.nodes, event.nodeId)?.status : undefined;
          if (status) setStatuses((event as { nodeId: string }).nodeId, status);
        }
      } else {
        const all = dict<NodeStatus>();
        for (const id in next?.state.nodes ?? {}) all[id] = next!.state.nodes[id]!.status;
        setStatuses(reconcile(all));
      }
    });
  }
  const [remote, setRemote] = createSignal<RunBroadcast>();
  /** Local runs take the canvas back from a collaborator's. */
  function clearRemote(): void {
    if (remote()) setRemote(undefined);
  }
  const [history, setHistory] = createSignal<readonly HistoryEntry[]>([]);
  const [inputText, setInputText] = createSignal("{}");
  const parsedInput = createMemo(() => parseInput(inputText()));
  const shown = createMemo(() => view()?.state);
  let disposed = false;
  /** The run `start` asked for: its first batch replaces whatever is shown. */
  let starting: string | undefined;
  let historyTimer: ReturnType<typeof setTimeout> | undefined;

  // 1. Follow the worker's event stream.
  const unsubscribe = client.subscribe(onBatch);
  const offProblem = client.onProblem((message) => toast(message, { kind: "error" }));

  function onBatch(batch: EventBatch): void {
    const current = view();
    if (current?.runId === batch.runId) {
      const next = applyBatch(current, batch);
      if (next) setView(next, batch);
      else void showLive(batch.runId);
    } else if (batch.runId === starting || (batch.from === 0 && isRunOfThisFlow(batch) && !current?.live)) {
      // The run this tab just started, or one of this flow's runs just resumed (taken over from a closed tab).
      const next = applyBatch(undefined, batch);
      if (next) setView(next);
      else void showLive(batch.runId);
    }
    // A run not shown here that the worker had to give up on (e.g. its log can no longer be written): say so.
    if (batch.fault && view()?.runId !== batch.runId) toast(batch.fault.message, { kind: "error" });
    if (batch.from === 0 || batch.settled || batch.events.some((event) => event.type === "run.finished")) scheduleHistoryRefresh();
  }

  function isRunOfThisFlow(batch: EventBatch): boolean {
    const first = batch.events[0];
    return first?.type === "run.started" && first.flow.id === session.flowId;
  }

  function scheduleHistoryRefresh(): void {
    clearTimeout(historyTimer);
    historyTimer = setTimeout(() => void refreshHistory(), 100);
  }

  async function refreshHistory(): Promise<void> {
    const entries = await readHistory(context.db, session.flowId);
    if (!disposed) setHistory(entries);
  }

  // 2. Pick up the flow's interrupted runs.
  async function attach(): Promise<void> {
    const result = await client.api.attach(session.flowId);
    if (disposed) return;
    if (!result.ok) toast(`Unfinished runs of this flow could not be resumed: ${result.error.message}`, { kind: "error" });
    else {
      const newest = result.value.live.at(-1);
      if (newest && !view()) showSnapshot(newest, true);
      const elsewhere = result.value.elsewhere;
      // Right after a reload the old tab may still hold its lock for a moment: only speak if it keeps it.
      if (elsewhere.length) setTimeout(() => !disposed && !elsewhere.includes(view()?.runId ?? "") && toast("A run of this flow is going on in another tab; it continues here if that tab closes."), 2000);
    }
    await refreshHistory();
  }

  function showSnapshot(snapshot: RunSnapshot, live: boolean): void {
    if (snapshot.events.length) setView(viewOfLog(snapshot.events, live));
  }

  async function showLive(runId: string): Promise<boolean> {
    const snapshot = await client.api.snapshot(runId);
    if (!snapshot || disposed) return false;
    showSnapshot(snapshot, true);
    return true;
  }

  // 3. Commands. The draft is validated afresh by the worker (the issues shown may be a moment old).
  async function start(input?: JsonValue): Promise<void> {
    if (session.viewer()) return void toast(viewerCannotRun, { kind: "error" });
    const parsed = input === undefined ? parsedInput() : { ok: true as const, value: input };
    const checked = await client.api.validate(readFlow(session.doc));
    if (!checked.ok) return void toast("Fix the flow's problems before running it (they are marked on the canvas).", { kind: "error" });
    if (!parsed.ok) return void toast(`The run input is not valid JSON: ${parsed.message}`, { kind: "error" });
    await launch({ runId: newRunId(), flow: checked.flow, input: parsed.value, ...session.pins.forRun() }, "The run could not start");
  }

  async function rerunFrom(nodeId: string): Promise<void> {
    if (session.viewer()) return void toast(viewerCannotRun, { kind: "error" });
    const source = shown();
    if (!source) return void toast("Open a run first (History tab): a re-run reuses that run's results.", { kind: "error" });
    // Planned in the worker: the plan is checked against the compiled draft before anything starts.
    const planned = await client.api.planRerun(source, readFlow(session.doc), nodeId);
    if (!planned.ok && planned.error.code === ErrorCode.InvalidFlow) return void toast("Fix the flow's problems before re-running it (they are marked on the canvas).", { kind: "error" });
    if (!planned.ok) return void toast(planned.error.message, { kind: "error" });
    await launch({ runId: newRunId(), input: source.input, ...planned.value, ...session.pins.forRun() }, "The re-run could not start");
  }

  async function runNode(nodeId: string): Promise<void> {
    if (session.viewer()) return void toast(viewerCannotRun, { kind: "error" });
    const source = shown();
    const planned = await client.api.planSingleNode(source, readFlow(session.doc), nodeId);
    if (!planned.ok && planned.error.code === ErrorCode.InvalidFlow) return void toast("Fix the flow's problems before running a node (they are marked on the canvas).", { kind: "error" });
    if (!planned.ok) return void toast(planned.error.message, { kind: "error" });
    // With upstream nodes, the input they recorded; with none, the Run input field.
    const input = planned.value.rerunOf ? { ok: true as const, value: source!.input } : parsedInput();
    if (!input.ok) return void toast(`The run input is not valid JSON: ${input.message}`, { kind: "error" });
    // The node itself runs even when pinned: running it is what was asked.
    const { pinned: { [nodeId]: _own, ...pinned }, pinnedPorts } = session.pins.forRun();
    await launch({ runId: newRunId(), input: input.value, ...planned.value, pinned, pinnedPorts }, `"${session.nameOf(nodeId)}" could not run`);
  }

  /** Starts a run in the worker and shows it from its first batch. */
  async function launch(command: StartCommand, failure: string): Promise<void> {
    starting = command.runId;
    // The local id: a shared flow's document carries the id it has in the sharer's browser.
    const result = await client.api.start({ ...command, flow: { ...command.flow, id: session.flowId } });
    if (!result.ok) {
      if (starting === command.runId) starting = undefined;
      return void toast(`${failure}: ${result.error.message}`, { kind: "error" });
    }
    scheduleHistoryRefresh();
  }

  function command(act: (runId: string) => Promise<{ ok: boolean; error?: { message: string } }>): void {
    const current = view();
    if (!current?.live) return void toast("This run is not going on in this tab.", { kind: "error" });
    void act(current.runId).then((result) => {
      if (!result.ok) toast(result.error?.message ?? "The command failed.", { kind: "error" });
    });
  }

  async function show(runId: string | undefined): Promise<void> {
    if (runId === undefined) return void setView(undefined);
    if (runId === view()?.runId) return;
    if (await showLive(runId)) return;
    try {
      const events = await readRunLog(context.db, runId);
      if (!disposed) setView(viewOfLog(events, false));
    } catch (error) {
      toast(`That run could not be opened: ${toErrorData(error).message}`, { kind: "error" });
    }
  }

  void attach();

  return {
    shown,
    running: () => {
      const current = view();
      return !!current?.live && current.state.status === "running";
    },
    nodeStatus: (nodeId) => statuses[nodeId],
    start,
    cancel: () => command((runId) => client.api.cancel(runId)),
    signal: (nodeId, decision) => command((runId) => client.api.signal(runId, nodeId, decision)),
    rerunFrom,
    runNode,
    show,
    dispose() {
      disposed = true;
      clearTimeout(historyTimer);
      unsubscribe();
      offProblem();
    },
    view,
    history,
    refreshHistory,
    inputText,
    setInputText,
    parsedInput,
    db: context.db,
    remote,
    showRemote(run) {
      const own = view();
      if (own?.live && own.state.status === "running") return;
      solidBatch(() => {
        setRemote(run);
        setStatuses(reconcile(run.nodes as Record<string, NodeStatus>));
      });
    },
  };
}

/**
 * The Run input field: empty means `null`. Parsed with the browser's own `JSON.parse` and its
 * message, as the inspector's JSON fields are: the shared `parseJsonText` would bring
 * jsonc-parser (~3 KB gzipped) into the page's bundle for a friendlier position.
 */
function parseInput(text: string): { ok: true; value: JsonValue } | { ok: false; message: string } {
  if (text.trim() === "") return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}
