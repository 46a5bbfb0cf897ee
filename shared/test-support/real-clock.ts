import type { Clock } from "../src/engine/ports.ts";

/**
 * Wall-clock time with `setTimeout` sleeps, for tests with real I/O and `timeoutMs` (where a
 * virtual clock would jump while a socket is still busy). Records the sleeps like the virtual one.
 */
export function createRealClock(): Clock & { readonly sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => Date.now(),
    sleep(ms, signal) {
      sleeps.push(ms);
      return new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        const timer = setTimeout(() => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        }, ms);
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}
