import {
  applyEvent,
  dict,
  dictFrom,
  createRunState,
  foldRunLog,
  resumeRun,
  startRun,
  type CompiledFlow,
  type JsonValue,
  type RunEvent,
  type RunEventSink,
  type RunHandle,
  type RunOptions,
  type RunPorts,
  type RunState,
} from "../src/index.ts";
import { createVirtualClock, type VirtualClock } from "./virtual-clock.ts";

/**
 * A sink that keeps the log, its batches (one per `append`), and the state folded from what
 * it has received so far, so an executor can check what was durable when it was called.
 */
export function recordingSink(prefix: readonly RunEvent[] = []) {
  const log: RunEvent[] = [];
  const batches: RunEvent[][] = [];
  let folded: RunState | undefined = prefix.length ? foldRunLog(prefix) : undefined;
  const sink: RunEventSink = {
    append(events) {
      batches.push([...events]);
      for (const event of events) {
        log.push(event);
        if (event.type === "run.started") folded = createRunState(event);
        else applyEvent(folded!, event);
      }
    },
  };
  return { log, batches, sink, folded: () => folded };
}

export interface HarnessOptions {
  readonly input?: JsonValue;
  readonly runId?: string;
  /** The trigger that starts the run (SPEC rule G1). */
  readonly startAt?: string;
  /** Pinned outputs by node id (SPEC rule N1). */
  readonly pinned?: Readonly<Record<string, JsonValue>>;
  readonly pinnedPorts?: Readonly<Record<string, string>>;
  readonly clock?: VirtualClock;
  readonly ports?: Omit<RunPorts, "clock" | "sink">;
  readonly options?: RunOptions;
  /** A sink made beforehand, for executors that look at it (they may be called inside `startRun`). */
  readonly recorder?: ReturnType<typeof recordingSink>;
}

export interface HarnessRun {
  readonly handle: RunHandle;
  readonly clock: VirtualClock;
  readonly log: RunEvent[];
  readonly batches: RunEvent[][];
  /** State folded from the sink's log so far. */
  readonly folded: () => RunState | undefined;
}

/**
 * Starts a run with a virtual clock (jitter pinned to 0.5) and a recording sink.
 * @example const { handle, log } = run(compiled, { ports: { executors: { noop: x.executor } } }); await handle.done;
 */
export function run(compiled: CompiledFlow, harness: HarnessOptions = {}): HarnessRun {
  const clock = harness.clock ?? createVirtualClock();
  const recorder = harness.recorder ?? recordingSink();
  const ports: RunPorts = { random: () => 0.5, ...harness.ports, clock, sink: recorder.sink };
  const handle = startRun({ compiled, runId: harness.runId ?? "r1", ...(harness.input === undefined ? {} : { input: harness.input }), ...(harness.startAt === undefined ? {} : { startAt: harness.startAt }), ...(harness.pinned ? { pinned: harness.pinned } : {}), ...(harness.pinnedPorts ? { pinnedPorts: harness.pinnedPorts } : {}) }, ports, harness.options);
  return { handle, clock, ...recorder };
}

/** Resumes a log with a fresh recording sink (which sees only the new events). */
export function resume(log: readonly RunEvent[], harness: Omit<HarnessOptions, "input" | "runId" | "pinned" | "pinnedPorts"> = {}): HarnessRun {
  const clock = harness.clock ?? createVirtualClock(lastTime(log));
  const recorder = harness.recorder ?? recordingSink(log);
  const ports: RunPorts = { random: () => 0.5, ...harness.ports, clock, sink: recorder.sink };
  const handle = resumeRun(log, ports, harness.options);
  return { handle, clock, ...recorder };
}

export function lastTime(log: readonly RunEvent[]): number {
  return log.reduce((latest, event) => Math.max(latest, event.at), 0);
}

/** The log's events of some types, as `type nodeId` strings: easy to compare whole. */
export function trace(log: readonly RunEvent[], ...types: RunEvent["type"][]): string[] {
  return log.filter((event) => types.length === 0 || types.includes(event.type)).map((event) => ("nodeId" in event ? `${event.type} ${event.nodeId}` : event.type));
}

/** `{ id: status }` of a finished run. */
export function statuses(state: RunState): Record<string, string> {
  return dictFrom(Object.entries(state.nodes).map(([id, record]) => [id, record.status]));
}

/** `{ id: output }` of every node that has one. */
export function outputs(state: RunState): Record<string, JsonValue> {
  const result = dict<JsonValue>();
  for (const [id, record] of Object.entries(state.nodes)) if (record.output !== undefined) result[id] = record.output;
  return result;
}
