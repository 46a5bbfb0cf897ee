/**
 * The sandbox pool's fast lane: a call may first run on the caller's thread, for at most a
 * slice of time (1 ms) and of memory (8 MB). Why: a worker round trip costs ~30 µs of
 * messaging (far more on a loaded machine, where the worker must be woken), a warm QuickJS
 * call ~10 µs; a chain of small transforms is a chain of round trips, and a fan-out of them
 * spends more on messages than on code.
 *
 * Which calls: the first call of each source in a turn (a probe, which also times it), and
 * every call of a source that is quick here (one of its last eight calls took under
 * `quickMs`, or it has had fewer than eight: a cold start, a GC pause or the OS preempting
 * the thread only ever make a call slower, never faster), which is cheaper here than any
 * worker could answer. Calls of slower sources go to the workers, in parallel.
 * A call that outgrows its slice is stopped and starts over in a worker with its full
 * limits, and its source goes straight to the workers for the next second. So user code
 * holds the caller's thread for at most one slice per call, and for at most `turnBudgetMs`
 * before timers and I/O get a turn: past that, the lane's calls wait for the next turn.
 *
 * A slice is thread time, not wall time, where the host can tell (`cpuClock`): on a loaded
 * machine the OS preempts the thread every few milliseconds, and a 20 µs call caught by that
 * would look 1 ms long, be sent to a worker (a round trip that costs far more there) and send
 * its source to the workers for a second. So a call past its slice by the wall clock goes on
 * while the process's CPU time since just before it began (an upper bound of its own) is
 * under the slice, for at most `overtimeCapMs` of wall time and never past its own deadline.
 */
import type { CodeScope, SandboxCallLimits, SandboxLimits, SandboxResult, SyncSandbox } from "../sandbox/sandbox.ts";
import type { CodeKind } from "../sandbox/code-call.ts";
import type { QuickJSSandboxOptions } from "../sandbox/quickjs-sandbox.ts";
import { timeLimitFailure } from "./pool-results.ts";

export interface InlineLaneOptions {
  /** Makes the QuickJS sandbox on this thread: `createQuickJSSandbox(module, limits, options)`. */
  readonly sandbox: (options: QuickJSSandboxOptions) => SyncSandbox;
  /** CPU time of the process, all its threads, in ms (Node: `process.cpuUsage`); without it a slice is wall time. */
  readonly cpuClock?: () => number;
  /** Longest a call may run here before it moves to a worker. Default 1 ms. */
  readonly sliceMs?: number;
  /** Most memory a call may use here before it moves to a worker. Default 8 MB. */
  readonly memoryLimitBytes?: number;
  /** Code time on this thread between two turns of the event loop. Default 5 ms. */
  readonly turnBudgetMs?: number;
  /** A source whose calls take less than this here runs here even beside other calls. Default 0.1 ms. */
  readonly quickMs?: number;
  /** Most wall time a call past its slice may go on for while its CPU time is under the slice. Default 50 ms. */
  readonly overtimeCapMs?: number;
}

/** A call offered to the lane. */
export interface LaneCall {
  readonly kind: CodeKind;
  readonly source: string;
  readonly scope: CodeScope;
  readonly limits: SandboxCallLimits | undefined;
  /** Milliseconds the call may run: the earlier of the code and attempt limits (`budgetOf`). */
  readonly budgetMs: number;
  readonly resolve: (result: SandboxResult) => void;
}

export interface InlineLane {
  /**
   * Takes the call if it should run here, now or after this turn (`true`); `toWorker` gets it
   * back if it outgrows its slice. `false`: the call is the caller's to send to a worker.
   */
  take(call: LaneCall, toWorker: () => void): boolean;
  /** Answers the calls still waiting for a turn with `result`, and frees the sandbox. */
  dispose(result: SandboxResult): void;
}

/** Sources remembered (timings, outgrown ones); beyond this the memory starts over. */
const MAX_SOURCES = 1024;
/** How long a source that outgrew its slice goes straight to the workers before it may try again. */
const HEAVY_FOR_MS = 1000;
/** How many of a source's latest calls decide whether it is quick. */
const RECENT_CALLS = 8;

export function createInlineLane(options: InlineLaneOptions, base: SandboxLimits): InlineLane {
  const sliceMs = options.sliceMs ?? 1;
  const laneMemory = options.memoryLimitBytes ?? 8 * 1024 * 1024;
  const turnBudgetMs = options.turnBudgetMs ?? 5;
  const quickMs = options.quickMs ?? 0.1;
  const overtimeCapMs = options.overtimeCapMs ?? 50;
  let used = 0;
  let resetArmed = false;
  /** Sources that outgrew the lane go straight to a worker for a while. */
  const heavy = new Map<string, number>();
  // Until when: on a loaded machine a quick call preempted past its slice looks heavy too,
  // so a source is tried here again a while later rather than never.
  const isHeavy = (source: string) => {
    const until = heavy.get(source);
    return until !== undefined && performance.now() < until;
  };
  /** Per source timed here: how many calls (up to RECENT_CALLS) and which of the latest were quick (bit 0: the last). */
  const timings = new Map<string, { calls: number; quick: number }>();
  /** Sources called in this turn: the next call of one is no probe. */
  const seen = new Set<string>();
  /** Calls taken while this turn's budget was spent, with where they go if they outgrow the lane. */
  let waiting: Array<[LaneCall, () => void]> = [];
  /** The first of `waiting` not yet run: a 10,000-call fan-out must not shift the array 10,000 times. */
  let head = 0;
  let drainArmed = false;
  const { cpuClock } = options;
  /** CPU time read at a wall time shortly before the current call: reading it costs ~2.5 µs, so not once per call. */
  let anchorWall = -Infinity;
  let anchorCpu = 0;
  /** The `Date.now()` time past which the current call stops, even with CPU time left. */
  let lastDeadline = 0;
  const overtime = (): number | undefined => {
    const left = sliceMs - (cpuClock!() - anchorCpu);
    return left > 0 ? Math.min(Date.now() + Math.ceil(left), lastDeadline) : undefined;
  };
  const sandbox = options.sandbox(cpuClock ? { overtime } : {});
  const reset = () => {
    used = 0;
    resetArmed = false;
    seen.clear();
  };
  const armReset = () => {
    if (resetArmed) return;
    resetArmed = true;
    afterThisTurn(reset);
  };
  const time = (source: string, ms: number) => {
    let timing = timings.get(source);
    if (!timing) {
      if (timings.size >= MAX_SOURCES) timings.clear();
      timings.set(source, (timing = { calls: 0, quick: 0 }));
    }
    timing.calls = Math.min(RECENT_CALLS, timing.calls + 1);
    timing.quick = ((timing.quick << 1) | (ms < quickMs ? 1 : 0)) & ((1 << RECENT_CALLS) - 1);
  };
  const quick = (source: string) => {
    const timing = timings.get(source);
    return timing !== undefined && (timing.calls < RECENT_CALLS || timing.quick !== 0);
  };

  /** The call's result, or `undefined` when it outgrew the lane and must run in a worker. */
  /** The limits of a call's slice; calls without limits of their own share one object. */
  const sliceOf = (limits: SandboxCallLimits | undefined): SandboxCallLimits => {
    const timeLimitMs = Math.min(sliceMs, limits?.timeLimitMs ?? base.timeLimitMs);
    const memoryLimitBytes = Math.min(laneMemory, limits?.memoryLimitBytes ?? base.memoryLimitBytes);
    return { ...limits, timeLimitMs, memoryLimitBytes };
  };
  const plainSlice = sliceOf(undefined);

  function run({ kind, source, scope, limits, budgetMs }: LaneCall): SandboxResult | undefined {
    const slice = limits ? sliceOf(limits) : plainSlice;
    const started = performance.now();
    if (cpuClock && started - anchorWall > sliceMs / 2) (anchorWall = started), (anchorCpu = cpuClock());
    const startedAt = Date.now();
    lastDeadline = startedAt + Math.min(overtimeCapMs, budgetMs);
    const result = kind === "function" ? sandbox.runFunction(source, scope, slice) : sandbox.evaluate(source, scope, slice);
    const ms = performance.now() - started;
    used += ms;
    time(source, ms);
    armReset();
    if (result.ok) return result;
    const outgrewTime = result.error.code === "CODE_TIMEOUT" && slice.timeLimitMs! < (limits?.timeLimitMs ?? base.timeLimitMs);
    const outgrewMemory = result.error.code === "CODE_MEMORY" && slice.memoryLimitBytes! < (limits?.memoryLimitBytes ?? base.memoryLimitBytes);
    if (!outgrewTime && !outgrewMemory) return result;
    // Overtime ran into the call's own deadline: it is spent, a worker would only start over.
    if (outgrewTime && Date.now() - startedAt >= budgetMs) return timeLimitFailure(base, limits);
    if (heavy.size >= MAX_SOURCES) heavy.clear();
    heavy.set(source, performance.now() + HEAVY_FOR_MS);
    return undefined;
  }

  function runOrHandBack(call: LaneCall, toWorker: () => void): void {
    if (isHeavy(call.source)) return toWorker(); // its source outgrew the lane while it waited
    const result = run(call);
    if (result) call.resolve(result);
    else toWorker();
  }

  function drain(): void {
    drainArmed = false;
    while (head < waiting.length && used < turnBudgetMs) runOrHandBack(...waiting[head++]!);
    if (head < waiting.length) return armDrain();
    waiting = [];
    head = 0;
  }

  function armDrain(): void {
    if (drainArmed) return;
    drainArmed = true;
    afterThisTurn(drain); // after `reset`, which was armed first
  }

  return {
    take(call, toWorker) {
      const first = !seen.has(call.source);
      if (first) seen.add(call.source), armReset();
      if (isHeavy(call.source) || (!first && !quick(call.source))) return false;
      // Behind calls already waiting for a turn, never ahead of them.
      if (head === waiting.length && used < turnBudgetMs) runOrHandBack(call, toWorker);
      else waiting.push([call, toWorker]), armDrain();
      return true;
    },
    dispose(result) {
      for (const [call] of waiting.splice(head)) call.resolve(result);
      sandbox.dispose();
    },
  };
}

/** Runs `fn` once the event loop has had a turn: `setImmediate` on Node, else a timer. */
export function afterThisTurn(fn: () => void): void {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  if (immediate) immediate(fn);
  else setTimeout(fn, 0);
}
