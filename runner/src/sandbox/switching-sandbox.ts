/**
 * A synchronous sandbox that moves to another once its calls have taken a given time: how the
 * in-thread lane leaves its baseline-only QuickJS module for one that tiers up, once it has
 * run long enough for optimized code to pay for its compiling (see lane-module.ts).
 */
import type { SyncSandbox } from "@nexus-flow/shared/sandbox";

const SAMPLE = 8;

/**
 * @example const sandbox = switchingSandbox(baselineSandbox, async () => createQuickJSSandbox(await loadQuickJSModule()), 1000);
 */
export function switchingSandbox(first: SyncSandbox, next: () => Promise<SyncSandbox>, afterMs: number): SyncSandbox {
  let current = first;
  let spent = 0;
  let calls = 0;
  let switching = false;
  let disposed = false;
  // One call in SAMPLE is timed, and counts for SAMPLE: two clock reads per quick call cost
  // more than this estimate needs to be exact.
  const timed = <T>(call: () => T): T => {
    if (switching || calls++ % SAMPLE !== 0) return call();
    const started = performance.now();
    try {
      return call();
    } finally {
      spent += (performance.now() - started) * SAMPLE;
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
