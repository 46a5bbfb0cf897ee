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
 * limits, and its source (once it outgrows twice in a row) goes straight to the workers for
 * the next second. So user code
 * holds the caller's thread for at most one slice per call, and for at most `turnBudgetMs`
 * before timers and I/O get a turn: past that, the lane's calls wait for the next turn.
 *
 * A slice is thread time, not wall time, where the host can tell (`cpuClock`): on a loaded
 * machine the OS preempts the thread every few milliseconds, and a 20 µs call caught by that
 * would look 1 ms long, be sent to a worker (a round trip that costs far more there) and send
 * its source to the workers for a second. So a call past its slice by the wall clock goes on
 * while the process's CPU time since it first ran past (an upper bound of its own) stays under
 * a slice, for at most `overtimeCapMs` of wall time and never past its own deadline: a call
 * that is busy, not preempted, thus holds the thread for two slices at most. The CPU clock is
 * read only then, not before every call: with the engine's other threads running, a read
 * (getrusage) costs 20-100 µs, and reading it every half slice was ~10 % of a
 * 10,000-transform run.
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
}

/** A call that waits for the next turn, and what answers it. */
export interface WaitingCall extends LaneCall {
  readonly resolve: (result: SandboxResult) => void;
}

export interface InlineLane {
  /**
   * Offers a call: its result if it ran here now; `"worker"` if it is for the workers (its
   * source is slow, or the call outgrew its slice); `"later"` if it runs here after this turn
   * (give it to `wait`). A quick call thus costs no promise and no message.
   */
  take(call: LaneCall): SandboxResult | "worker" | "later";
  /** Runs a call that `take` said is for later, after this turn; `toWorker` gets it back if it outgrows its slice. */
  wait(call: WaitingCall, toWorker: () => void): void;
  /** Answers the calls still waiting for a turn with `result`, and frees the sandbox. */
  dispose(result: SandboxResult): void;
}

/** What the lane knows of one source. */
interface SourceRecord {
  /** Calls timed here, up to RECENT_CALLS. */
  calls: number;
  /** Which of the latest calls were quick (bit 0: the last). */
  quick: number;
  /** The turn of its latest call: its first call in a turn is a probe. */
  turn: number;
  /** Until when (`performance.now()`) it goes straight to the workers, having outgrown the lane. */
  heavyUntil: number;
  /** Its latest call here outgrew its slice. */
  outgrew: boolean;
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
  /** Time of this turn spent in calls here, each counted from the previous call's end (see `run`). */
  let used = 0;
  /** When the lane's latest call in this turn ended (`performance.now()`). */
  let lastEnd: number | undefined;
  /** Counts the turns in which the lane was offered calls. */
  let turn = 0;
  let resetArmed = false;
  // One record per source, one lookup per call: this runs once per node of a chain.
  const sources = new Map<string, SourceRecord>();
  const recordOf = (source: string): SourceRecord => {
    let record = sources.get(source);
    if (!record) {
      if (sources.size >= MAX_SOURCES) sources.clear();
      sources.set(source, (record = { calls: 0, quick: 0, turn: -1, heavyUntil: 0, outgrew: false }));
    }
    return record;
  };
  // Until when: on a loaded machine a quick call preempted past its slice can look heavy
  // too, so a source is tried here again a while later rather than never.
  const isHeavy = (record: SourceRecord) => record.heavyUntil !== 0 && performance.now() < record.heavyUntil;
  // A cold start, a GC pause or preemption only ever make a call slower: one quick call of the last eight is enough.
  const isQuick = (record: SourceRecord) => record.calls < RECENT_CALLS || record.quick !== 0;
  /** Calls taken while this turn's budget was spent, with where they go if they outgrow the lane. */
  let waiting: Array<[WaitingCall, () => void]> = [];
  /** The first of `waiting` not yet run: a 10,000-call fan-out must not shift the array 10,000 times. */
  let head = 0;
  let drainArmed = false;
  const { cpuClock } = options;
  /** The process's CPU time when the current call first ran past its slice by the wall clock; `undefined` before. */
  let overtimeCpu: number | undefined;
  /** When the current call started (`performance.now()`), and the wall time it may take here at most. */
  let callStarted = 0;
  let callCapMs = 0;
  /** A later deadline (`Date.now()` time) for a call past its slice by the wall clock while its CPU time is not. */
  const overtime = (): number | undefined => {
    const cpu = cpuClock!();
    overtimeCpu ??= cpu;
    const left = Math.min(sliceMs - (cpu - overtimeCpu), callCapMs - (performance.now() - callStarted));
    return left > 0 ? Date.now() + Math.ceil(left) : undefined;
  };
  const sandbox = options.sandbox(cpuClock ? { overtime } : {});
  const reset = () => {
    used = 0;
    lastEnd = undefined;
    turn++;
    resetArmed = false;
  };
  const armReset = () => {
    if (resetArmed) return;
    resetArmed = true;
    afterThisTurn(reset);
  };
  /** The limits of a call's slice; calls without limits of their own share one object. */
  const sliceOf = (limits: SandboxCallLimits | undefined): SandboxCallLimits => {
    const timeLimitMs = Math.min(sliceMs, limits?.timeLimitMs ?? base.timeLimitMs);
    const memoryLimitBytes = Math.min(laneMemory, limits?.memoryLimitBytes ?? base.memoryLimitBytes);
    return { ...limits, timeLimitMs, memoryLimitBytes };
  };
  const plainSlice = sliceOf(undefined);

  /** The call's result, or `undefined` when it outgrew the lane and must run in a worker. */
  function run({ kind, source, scope, limits, budgetMs }: LaneCall, record: SourceRecord): SandboxResult | undefined {
    const slice = limits ? sliceOf(limits) : plainSlice;
    // One clock read per call: within a turn the previous call's end stands for this one's start,
    // which counts the engine's work in between too (slower, never quicker: safe for the budget
    // and the timings). Not for a call whose own deadline comes before the overtime cap: it may
    // fail here with its deadline spent, which must then be its own time.
    const started = (callStarted = lastEnd !== undefined && budgetMs > overtimeCapMs ? lastEnd : performance.now());
    callCapMs = Math.min(overtimeCapMs, budgetMs);
    overtimeCpu = undefined;
    const result = kind === "function" ? sandbox.runFunction(source, scope, slice) : sandbox.evaluate(source, scope, slice);
    const ms = (lastEnd = performance.now()) - started;
    used += ms;
    armReset();
    record.calls = Math.min(RECENT_CALLS, record.calls + 1);
    record.quick = ((record.quick << 1) | (ms < quickMs ? 1 : 0)) & ((1 << RECENT_CALLS) - 1);
    const outgrewBefore = record.outgrew;
    record.outgrew = false;
    if (result.ok) return result;
    const outgrewTime = result.error.code === "CODE_TIMEOUT" && slice.timeLimitMs! < (limits?.timeLimitMs ?? base.timeLimitMs);
    const outgrewMemory = result.error.code === "CODE_MEMORY" && slice.memoryLimitBytes! < (limits?.memoryLimitBytes ?? base.memoryLimitBytes);
    if (!outgrewTime && !outgrewMemory) return result;
    // Overtime ran into the call's own deadline: it is spent, a worker would only start over.
    if (outgrewTime && ms >= budgetMs) return timeLimitFailure(base, limits);
    // A source whose previous call here fitted its slice gets the benefit of the doubt: a GC
    // pause or the engine's other threads (the process's CPU time counts them) can push one
    // call past it, and a second of round trips for every call of it costs far more than one
    // more slice. Its first call, or a second one in a row, outgrowing sends it to the workers.
    record.outgrew = true;
    if (record.calls === 1 || outgrewBefore) record.heavyUntil = performance.now() + HEAVY_FOR_MS;
    return undefined;
  }

  function runOrHandBack(call: WaitingCall, toWorker: () => void): void {
    const record = recordOf(call.source);
    if (isHeavy(record)) return toWorker(); // its source outgrew the lane while it waited
    const result = run(call, record);
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
    take(call) {
      const record = recordOf(call.source);
      const first = record.turn !== turn;
      if (first) (record.turn = turn), armReset();
      if (isHeavy(record) || (!first && !isQuick(record))) return "worker";
      // Behind calls already waiting for a turn, never ahead of them.
      if (head < waiting.length || used >= turnBudgetMs) return "later";
      return run(call, record) ?? "worker";
    },
    wait(call, toWorker) {
      waiting.push([call, toWorker]);
      armDrain();
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
