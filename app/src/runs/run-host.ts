/**
 * The engine worker's run registry: starts runs, resumes interrupted ones from their stored
 * log, and routes commands to the live ones. It owns no I/O of its own; the worker entry
 * (engine-worker.ts) hands in the store, the locks, the clock and the services, so the same
 * code runs under Node tests with fake-indexeddb and in-memory locks.
 */
import {
  ErrorCode,
  formatIssue,
  resumeRun,
  startRun,
  toErrorData,
  validateFlow,
  type ApprovalDecision,
  type Clock,
  type ErrorData,
  type Flow,
  type NodeServices,
  type RunEvent,
  type RunEventSink,
  type RunHandle,
  type RunLogWriter,
  type RunPorts,
  type RunStore,
} from "@nexus-flow/shared";
import { runLockName, type AttachResult, type Result, type RunSnapshot, type StartCommand } from "./engine-api.ts";
import type { EventRelay } from "./event-relay.ts";
import type { Locks } from "./locks.ts";

export interface RunHostDeps {
  readonly store: RunStore;
  /** Ids of the flow's runs that the history says are unfinished, oldest first. */
  readonly unfinishedRuns: (flowId: string) => Promise<string[]>;
  readonly locks: Locks;
  readonly clock: Clock;
  /** The I/O lent to executors; awaited before a run starts (QuickJS loads once). */
  readonly services: () => Promise<Omit<NodeServices, "now">>;
  readonly relay: EventRelay;
  /** The per-node executor port for a run starting or resuming now (runner-placed nodes go to the team's hub). */
  readonly executorFor?: (flowId: string, plan?: { flow: Flow; fixed?: ReadonlySet<string> }) => Promise<RunPorts["executorFor"]>;
  /** A run settled (finished, or given up): hands what it sent ahead to the hub back (team-jobs `runEnded`). */
  readonly runEnded?: (runId: string) => void;
  /** Wraps a run's log writer (group-commit.ts: the events of runner-placed nodes may wait to join a later write). */
  readonly logWriterFor?: (flow: Flow, writer: RunLogWriter) => RunLogWriter;
}

interface LiveRun {
  readonly runId: string;
  readonly flowId: string;
  readonly log: RunEvent[];
  handle?: RunHandle;
}

export type RunHost = ReturnType<typeof createRunHost>;

/** Nodes a logged run does not execute: pinned at its start (SPEC N1) or reused by a re-run. */
function fixedNodes(log: readonly RunEvent[]): ReadonlySet<string> {
  const first = log[0];
  const fixed = new Set(first?.type === "run.started" ? Object.keys(first.pinned ?? {}) : []);
  for (const event of log) if (event.type === "node.reused") fixed.add(event.nodeId);
  return fixed;
}

/** Run ids are UUIDs in practice; anything id-like and short is accepted. */
const runIdPattern = /^[\w.:-]{1,200}$/;

/**
 * @example
 * const host = createRunHost({ store, unfinishedRuns, locks, clock, services, relay });
 * await host.start({ runId: "r1", flow, input: {} }); // { ok: true }; events go out through `relay`
 */
export function createRunHost(deps: RunHostDeps) {
  const live = new Map<string, LiveRun>();
  const awaitingLock = new Set<string>();

  /** 1. Wire a run to its log and to the page, launch it, and clean up once it settles. */
  function drive(run: LiveRun, writer: RunLogWriter, release: () => void, hostPorts: Pick<RunPorts, "services" | "executorFor">, launch: (ports: RunPorts) => RunHandle): RunHandle {
    const sink: RunEventSink = {
      append(events) {
        const from = run.log.length;
        for (const event of events) run.log.push(event);
        deps.relay.push(run.runId, from, events);
        return writer.append(events);
      },
    };
    live.set(run.runId, run);
    try {
      const { services, executorFor } = hostPorts;
      run.handle = launch({ clock: deps.clock, sink, ...(services ? { services } : {}), ...(executorFor ? { executorFor } : {}) });
    } catch (error) {
      live.delete(run.runId);
      void writer.close().catch(() => undefined).finally(release);
      throw error;
    }
    run.handle.done
      .then(() => undefined, (error: unknown) => toErrorData(error))
      .then(async (fault) => {
        await writer.close().catch(() => undefined); // a failed append already surfaced as `fault`
        live.delete(run.runId);
        deps.runEnded?.(run.runId);
        release();
        deps.relay.settle(run.runId, run.log.length, fault);
      });
    return run.handle;
  }

  /** 2. Resume a run whose lock we hold, from its stored log. */
  async function resumeHeld(runId: string, release: () => void): Promise<void> {
    let writer: RunLogWriter | undefined;
    try {
      const log = await deps.store.read(runId);
      const first = log[0];
      if (!first || first.type !== "run.started" || log.at(-1)?.type === "run.finished") return release();
      const hostPorts = await portsForRun(first.flow, fixedNodes(log));
      writer = wrapWriter(first.flow, await deps.store.open(runId, log));
      deps.relay.push(runId, 0, log); // the page has not seen this log yet: it starts from the top
      drive({ runId, flowId: first.flow.id, log: [...log] }, writer, release, hostPorts, (ports) => resumeRun(log, ports));
    } catch (error) {
      await giveUp(runId, writer, toErrorData(error));
      release();
    }
  }

  function wrapWriter(flow: Flow, writer: RunLogWriter): RunLogWriter {
    return deps.logWriterFor ? deps.logWriterFor(flow, writer) : writer;
  }

  /** `fixed`: nodes the run does not execute (pinned, reused), which nothing may submit ahead. */
  async function portsForRun(flow: Flow, fixed: ReadonlySet<string>): Promise<Pick<RunPorts, "services" | "executorFor">> {
    const [services, executorFor] = await Promise.all([deps.services(), deps.executorFor?.(flow.id, { flow, fixed })]);
    return { services, ...(executorFor ? { executorFor } : {}) };
  }

  /** A run that cannot go on ends `failed` in its log, so it stops looking interrupted. */
  async function giveUp(runId: string, writer: RunLogWriter | undefined, error: ErrorData): Promise<void> {
    const reason: ErrorData = { ...error, message: `The run could not be resumed: ${error.message}` };
    try {
      writer ??= await deps.store.open(runId);
      await writer.append([{ type: "run.finished", status: "failed", error: reason, at: deps.clock.now() }]);
      await writer.close();
    } catch {
      await writer?.close().catch(() => undefined); // no readable log (e.g. deleted meanwhile): nothing to mark
    }
    deps.relay.settle(runId, 0, reason);
  }

  function snapshotOf(run: LiveRun): RunSnapshot {
    return { runId: run.runId, events: run.log };
  }

  function command(runId: string, act: (handle: RunHandle) => void): Result<void> {
    const handle = live.get(runId)?.handle;
    if (!handle) return { ok: false, error: { code: "RUN_NOT_LIVE", message: "This run is not going on in this tab any more.", retryable: false } };
    try {
      act(handle);
      return { ok: true, value: undefined };
    } catch (error) {
      return { ok: false, error: toErrorData(error) };
    }
  }

  return {
    async start(command: StartCommand): Promise<Result<void>> {
      const { runId } = command;
      if (typeof runId !== "string" || !runIdPattern.test(runId) || live.has(runId)) {
        return { ok: false, error: { code: "INVALID_RUN_ID", message: `"${String(runId)}" cannot be used as a new run's id`, retryable: false } };
      }
      const checked = validateFlow(command.flow);
      if (!checked.ok) {
        const message = `The flow has problems: ${checked.issues.slice(0, 3).map(formatIssue).join("; ")}`;
        return { ok: false, error: { code: ErrorCode.InvalidFlow, message, retryable: false } };
      }
      const release = (await deps.locks.acquire(runLockName(runId)))!;
      try {
        const hostPorts = await portsForRun(checked.flow, new Set([...Object.keys(command.pinned ?? {}), ...Object.keys(command.reuse ?? {})]));
        const writer = wrapWriter(checked.flow, await deps.store.open(runId));
        const run: LiveRun = { runId, flowId: checked.flow.id, log: [] };
        const request = { compiled: checked.compiled, runId, input: command.input, ...(command.rerunOf ? { rerunOf: command.rerunOf, reuse: command.reuse ?? {} } : {}), ...(command.pinned ? { pinned: command.pinned } : {}), ...(command.pinnedPorts ? { pinnedPorts: command.pinnedPorts } : {}) };
        drive(run, writer, release, hostPorts, (ports) => startRun(request, ports));
        return { ok: true, value: undefined };
      } catch (error) {
        release();
        return { ok: false, error: toErrorData(error) };
      }
    },

    async attach(flowId: string): Promise<Result<AttachResult>> {
      try {
        const elsewhere: string[] = [];
        for (const runId of await deps.unfinishedRuns(flowId)) {
          if (live.has(runId)) continue;
          if (!awaitingLock.has(runId)) {
            const release = await deps.locks.acquire(runLockName(runId), { ifAvailable: true });
            if (release) {
              await resumeHeld(runId, release);
              continue;
            }
            takeOverLater(runId);
          }
          elsewhere.push(runId);
        }
        const runs = [...live.values()].filter((run) => run.flowId === flowId).map(snapshotOf);
        return { ok: true, value: { live: runs, elsewhere } };
      } catch (error) {
        return { ok: false, error: toErrorData(error) };
      }
    },

    snapshot(runId: string): RunSnapshot | undefined {
      const run = live.get(runId);
      return run && snapshotOf(run);
    },

    cancel: (runId: string, reason = "cancelled by the user") => command(runId, (handle) => handle.cancel(reason)),
    signal: (runId: string, nodeId: string, decision: ApprovalDecision) => command(runId, (handle) => handle.signal(nodeId, decision)),
    /** Runs driven by this host now (tests, diagnostics). */
    liveRunIds: () => [...live.keys()],
  };

  /** Another tab drives the run: queue for its lock, and resume the run if that tab goes away. */
  function takeOverLater(runId: string): void {
    awaitingLock.add(runId);
    deps.locks
      .acquire(runLockName(runId))
      .then((release) => resumeHeld(runId, release!))
      .catch(() => undefined) // the lock manager went away with the worker
      .finally(() => awaitingLock.delete(runId));
  }
}
