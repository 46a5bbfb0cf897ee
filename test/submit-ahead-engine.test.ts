/**
 * Submitting runner chains ahead (PROTOCOL J6–J9) changes no engine semantics: the same flow,
 * run by the real engine with its runner nodes sent through the real team-jobs and hub
 * submitter to a hub made of the real lease and waiting rules (and a runner that plays the
 * same scripts), ends exactly as when every node runs in the tab: same statuses, attempts,
 * outputs and errors, the same node attempts executed, each once; and nothing is left waiting
 * at the hub. Retries (attempt 2 is a new key), onError continue, condition branches, cancel.
 */
import { describe, expect, it } from "vitest";
import { startRun, type CompiledFlow, type FlowNode, type NodeExecution, type NodeResult, type RunState } from "@nexus-flow/shared";
import { createHubSubmitter, type HubSubmitterOptions } from "@nexus-flow/shared/platform";
import type { ClientMessage, JobOutcome } from "@nexus-flow/shared/protocol";
import { flow } from "../shared/test-support/flow-builder.ts";
import { createRealClock } from "../shared/test-support/real-clock.ts";
import { failTimes, finalError, hang, output, scriptedExecutor, throws, type Script } from "../shared/test-support/scripted-executors.ts";
import { createTeamJobs } from "../app/src/runs/team-jobs.ts";
import { createJobBook, type Effect } from "../relay/src/control/hub/job-book.ts";
import { cancelJob, connectRunner, onRunnerMessage, submitJob } from "../relay/src/control/hub/lease-rules.ts";

const editorToken = `x.${btoa(JSON.stringify({ role: "editor" })).replace(/=+$/, "")}.y`;

/** A hub of the real rules, one runner playing `scripts`, and the tab's socket, all in memory with a turn between messages. */
function memoryHub(scripts: Record<string, Script>) {
  const book = createJobBook();
  const executed: string[] = [];
  /** Keys submitted ahead (J6), and keys removed unrun (J8). */
  const ahead: string[] = [];
  const removed: string[] = [];
  const running = new Map<string, AbortController>();
  let tab: { deliver(frame: string): void } | undefined;
  const later = (act: () => void) => void setTimeout(act, 0);

  function apply(effects: readonly Effect[], notices: object[]): void {
    for (const effect of effects) {
      if (effect.kind === "send" && effect.message.type === "job") run(effect.message.job);
      else if (effect.kind === "send" && effect.message.type === "cancel") running.get(effect.message.jobId)?.abort(effect.message.reason);
      else if (effect.kind === "started") notices.push({ type: "started", key: effect.jobId, runner: "w1", epoch: effect.epoch });
      else if (effect.kind === "finished") notices.push({ type: "result", key: effect.jobId, runner: "w1", outcome: book.jobs.get(effect.jobId)!.outcome });
      else if (effect.kind === "removed" && removed.push(effect.jobId)) notices.push({ type: "removed", key: effect.jobId, reason: effect.reason });
    }
  }
  function decide(make: (notices: object[]) => void): void {
    const notices: object[] = [];
    make(notices);
    if (notices.length) later(() => tab?.deliver(JSON.stringify(notices)));
  }
  function run(job: { jobId: string; epoch: number; payload: unknown }): void {
    const payload = job.payload as { nodeId: string; attempt: number; input: never; runId: string };
    const abort = new AbortController();
    running.set(job.jobId, abort);
    executed.push(`${payload.nodeId}#${payload.attempt}`);
    const execution = { ...payload, config: {}, runInput: null, idempotencyKey: `${payload.runId}:${payload.nodeId}`, signal: abort.signal, maxPayloadBytes: 1 << 20, nodeOutput: () => undefined, services: { now: Date.now } } as unknown as NodeExecution;
    later(() =>
      Promise.resolve()
        .then(() => (scripts[payload.nodeId] ?? ((at: NodeExecution): NodeResult => ({ output: at.input })))(execution))
        .then(
          (result): JobOutcome => ({ ok: true, output: result.output ?? null, ...(result.port ? { port: result.port } : {}) }),
          (error: { data?: JobOutcome & { ok: false } extends { error: infer E } ? E : never }): JobOutcome => ({ ok: false, error: abort.signal.aborted ? { code: "CANCELLED", message: "cancelled", retryable: false } : error.data! }),
        )
        .then((outcome) => decide((notices) => apply(onRunnerMessage(book, "w1", { type: "result", jobId: job.jobId, epoch: job.epoch, outcome }, Date.now()), notices))),
    );
  }
  function onFrame(text: string): void {
    const parsed = JSON.parse(text) as ClientMessage | ClientMessage[];
    decide((notices) => {
      for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
        if (message.type === "cancel") {
          apply(cancelJob(book, message.key, message.reason ?? "cancelled", Date.now()), notices);
          continue;
        }
        const known = book.jobs.get(message.key);
        if (known) {
          notices.push({ type: "accepted", key: known.id, jobId: known.id, status: known.status });
          if (known.status === "finished") notices.push({ type: "result", key: known.id, runner: "w1", outcome: known.outcome });
          continue;
        }
        if (message.after) ahead.push(message.key);
        const { job, effects } = submitJob(book, { id: message.key, kind: "node", labels: message.labels, payload: message.payload, reofferBudget: 0, ...(message.after ? { after: message.after } : {}) }, Date.now());
        if (book.jobs.has(job.id)) notices.push({ type: "accepted", key: job.id, jobId: job.id, status: job.status });
        apply(effects, notices);
      }
    });
  }
  decide((notices) => apply(connectRunner(book, "w1", { name: "w1", labels: [], slots: 8, version: "1", connections: [], leases: [] }, Date.now()), notices));

  class Socket {
    readyState = 0;
    private readonly listeners = new Map<string, ((event: unknown) => void)[]>();
    constructor() {
      tab = { deliver: (data) => this.emit("message", { data }) };
      later(() => ((this.readyState = 1), this.emit("open", {})));
    }
    addEventListener(type: string, listener: (event: unknown) => void) {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
    }
    send(text: string) {
      later(() => onFrame(text));
    }
    close() {}
    private emit(type: string, event: unknown) {
      for (const listener of this.listeners.get(type) ?? []) listener(event);
    }
  }
  const open = () => [...book.jobs.values()].filter((job) => job.status !== "finished").map((job) => `${job.id} ${job.status}`);
  return { book, executed, ahead, removed, Socket, open };
}

/** Runs `compiled` twice: all in the tab, and with `onRunner` nodes on the memory hub (lookahead on). */
async function bothWays(compiled: CompiledFlow, scripts: Record<string, Script>, onRunner: readonly string[], cancelWhen?: (state: RunState) => boolean) {
  const clock = createRealClock();
  const local = scriptedExecutor(scripts);
  const localRun = startRun({ compiled, runId: "local" }, { clock, executors: { noop: local.executor, condition: local.executor } });
  const localDone = watchCancel(localRun, cancelWhen);

  const hub = memoryHub(scripts);
  const tab = scriptedExecutor(scripts);
  const jobs = createTeamJobs({ readKept: async () => ({ relayUrl: "http://127.0.0.1:9", token: editorToken }), fetchLocal: async () => new Response("", { status: 404 }), online: () => true, onNote: () => {}, createSubmitter: (options: HubSubmitterOptions) => createHubSubmitter({ ...options, WebSocket: hub.Socket as never }) });
  const placed: CompiledFlow = { ...compiled, flow: { ...compiled.flow, nodes: compiled.flow.nodes.map((node) => (onRunner.includes(node.id) ? ({ ...node, runner: { labels: [] } } as FlowNode) : node)) } };
  const executorFor = await jobs.executorFor(placed.flow.id, { flow: placed.flow });
  const remoteRun = startRun({ compiled: { ...placed, nodes: placed.nodes.map((node) => ({ ...node, node: placed.flow.nodes.find((candidate) => candidate.id === node.id)! })) }, runId: "remote" }, { clock, executorFor, executors: { noop: tab.executor, condition: tab.executor } });
  const remoteDone = watchCancel(remoteRun, cancelWhen);
  const [localState, remoteState] = await Promise.all([localDone, remoteDone]);
  jobs.runEnded("remote");
  await new Promise((resolve) => setTimeout(resolve, 20)); // the withdrawals' turn
  return { local: summary(localState), remote: summary(remoteState), localCalls: local.calls.map((call) => `${call.nodeId}#${call.attempt}`).sort(), remoteCalls: [...hub.executed, ...tab.calls.map((call) => `${call.nodeId}#${call.attempt}`)].sort(), hub };
}

/** Cancels the run once the engine's own state says so (not the hub's: a job submitted ahead may start at a runner before the engine reaches it). */
function watchCancel(handle: ReturnType<typeof startRun>, cancelWhen?: (state: RunState) => boolean): Promise<RunState> {
  if (cancelWhen) {
    const poll = setInterval(() => cancelWhen(handle.state) && (clearInterval(poll), handle.cancel("stop")), 1);
    void handle.done.finally(() => clearInterval(poll));
  }
  return handle.done;
}

const summary = (state: RunState) => ({ status: state.status, nodes: Object.fromEntries(Object.entries(state.nodes).map(([id, node]) => [id, { status: node.status, attempts: node.attempts, output: node.output, port: node.port, error: node.error?.code }])) });

describe("J6–J9 submit ahead: the engine's semantics are unchanged", () => {
  it("a chain with a retry: attempt 2 is a new key, the waiters on attempt 1 are removed and submitted again, each attempt runs once", async () => {
    // start → a → b (fails once, retried) → c → d
    const compiled = flow("retry").trigger().noop("a", "c", "d").node("b", { type: "noop", config: {}, retry: { maxAttempts: 2, initialDelayMs: 1 } }).chain("start", "a", "b", "c", "d").compile();
    const run = await bothWays(compiled, { b: failTimes(1) }, ["a", "b", "c", "d"]);
    expect(run.remote).toEqual(run.local);
    expect(run.remoteCalls).toEqual(run.localCalls);
    expect(run.remoteCalls).toEqual(["a#1", "b#1", "b#2", "c#1", "d#1"]);
    expect(run.hub.ahead).toEqual(["remote:b:1", "remote:c:1", "remote:d:1", "remote:c:1", "remote:d:1"]); // after a#1, then again after b#2
    expect(run.hub.removed).toEqual(["remote:c:1", "remote:d:1"]); // when b#1 failed
    expect(run.hub.open()).toEqual([]);
  });

  it("onError continue: the failed node's error output reaches the next node, which the hub had removed and the engine submits normally", async () => {
    // start → a → b (fails, continue) → c
    const compiled = flow("continue").trigger().noop("a", "c").node("b", { type: "noop", config: {}, onError: "continue" }).chain("start", "a", "b", "c").compile();
    const run = await bothWays(compiled, { b: throws(finalError()) }, ["a", "b", "c"]);
    expect(run.remote).toEqual(run.local);
    expect(run.remoteCalls).toEqual(run.localCalls);
    expect(run.remote.nodes.c).toMatchObject({ status: "succeeded", output: { error: { code: "BROKEN" } } });
    expect(run.hub.open()).toEqual([]);
  });

  it("a condition on a runner takes the other branch: the node submitted ahead on `true` is removed unrun and skipped", async () => {
    // start → a → cond ─true→ yes → after
    //                  └false→ no (in the tab)
    const compiled = flow("branch").trigger().noop("a", "yes", "after", "no").node("cond", { type: "condition", config: { expression: "false" } }).chain("start", "a", "cond").edge("cond", "yes", "true").edge("yes", "after").edge("cond", "no", "false").compile();
    const run = await bothWays(compiled, { cond: output({ went: "false" }, "false") }, ["a", "cond", "yes", "after"]);
    expect(run.remote).toEqual(run.local);
    expect(run.remoteCalls).toEqual(["a#1", "cond#1", "no#1"]);
    expect(run.remote.nodes.yes?.status).toBe("skipped");
    expect(run.hub.removed).toEqual(["remote:yes:1", "remote:after:1"]);
    expect(run.hub.open()).toEqual([]);
  });

  it("cancelling the run while a runner node runs: nothing after it runs, and nothing is left waiting at the hub", async () => {
    // start → a → b (hangs until cancelled) → c → d
    const compiled = flow("cancel").trigger().noop("a", "b", "c", "d").chain("start", "a", "b", "c", "d").compile();
    const run = await bothWays(compiled, { b: hang() }, ["a", "b", "c", "d"], (state) => (state.nodes.b?.attempts ?? 0) >= 1);
    expect(run.remote.status).toBe("cancelled");
    expect(run.remote).toEqual(run.local);
    expect(run.remoteCalls).toEqual(["a#1", "b#1"]);
    expect(run.hub.removed).toEqual(["remote:c:1", "remote:d:1"]);
    expect(run.hub.open()).toEqual([]);
  });
});
