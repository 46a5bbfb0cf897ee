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
 * `clock`: what a call's time is read from, in ms; the Node host passes the process's CPU time,
 * so that a loaded machine, which stretches wall time, does not make a short run look long.
 * @example const sandbox = switchingSandbox(baselineSandbox, async () => createQuickJSSandbox(await loadQuickJSModule()), 200);
 */
export function switchingSandbox(first: SyncSandbox, next: () => Promise<SyncSandbox>, afterMs: number, clock: () => number = () => performance.now()): SyncSandbox {
  let current = first;
  let spent = 0;
  let calls = 0;
  let switching = false;
  let disposed = false;
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
      if (spent >= afterMs) switchNow();
    }
  };
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
