/**
 * A synchronous sandbox that moves to another once its calls have taken a given time: how the
 * in-thread lane leaves its baseline-only QuickJS module for one that tiers up, once it has
 * run long enough for optimized code to pay for its compiling (see lane-module.ts).
 */
import type { SyncSandbox } from "@nexus-flow/shared/sandbox";

const SAMPLE = 16;
/** The most one sampled call counts for: the lane's calls take up to a 1 ms slice. */
const MAX_SAMPLE_MS = 1;

/**
 * `cpuClock`: the process's CPU time in ms, which the Node host passes so that a loaded machine,
 * which stretches wall time, does not make a short run look long.
 *
 * Reading it is a system call (getrusage, 5-60 µs here while the engine's threads run), so it is
 * read only once the cheap wall-clock estimate says the time may be up: wall time is never less
 * than the CPU time of a call, so until then the CPU time cannot be up either. A 10,000-transform
 * run thus reads no CPU clock (timing every 16th call by it was 1,250 reads, 15-90 ms of the run).
 * From the first crossing on, sampled calls are timed by the CPU clock, credited with half the
 * time (the wall estimate is an upper bound; half is a fair guess of what preemption added).
 * @example const sandbox = switchingSandbox(baselineSandbox, async () => createQuickJSSandbox(await loadQuickJSModule()), 200, cpuClock);
 */
export function switchingSandbox(first: SyncSandbox, next: () => Promise<SyncSandbox>, afterMs: number, cpuClock?: () => number): SyncSandbox {
  let current = first;
  let spent = 0;
  let calls = 0;
  let switching = false;
  let disposed = false;
  /** The clock sampled calls are timed by: the wall clock until its estimate reaches `afterMs`. */
  let clock: () => number = () => performance.now();
  let byCpu = !cpuClock;
  // One call in SAMPLE is timed, and counts for SAMPLE: two clock reads per quick call cost
  // more than this estimate needs to be exact.
  const timed = <T>(call: () => T): T => {
    if (switching || calls++ % SAMPLE !== 0) return call();
    const started = clock();
    try {
      return call();
    } finally {
      // Capped: a GC pause (its helper threads count in the process's CPU time) caught in one sampled call must not count 16 times.
      spent += Math.min(clock() - started, MAX_SAMPLE_MS) * SAMPLE;
      if (spent >= afterMs) crossed();
    }
  };
  function crossed(): void {
    if (byCpu) return switchNow();
    byCpu = true;
    clock = cpuClock!;
    spent = afterMs / 2;
    if (spent >= afterMs) switchNow();
  }
  function switchNow(): void {
    switching = true;
    next().then(
      (sandbox) => {
        if (disposed) return sandbox.dispose();
        current.dispose();
        current = sandbox;
      },
      () => {}, // the module did not load: the lane keeps the one it has, which works
    );
  }
  return {
    runFunction: (body, scope, limits) => timed(() => current.runFunction(body, scope, limits)),
    evaluate: (expression, scope, limits) => timed(() => current.evaluate(expression, scope, limits)),
    dispose() {
      disposed = true;
      current.dispose();
    },
  };
}
