import type { Clock } from "../src/engine/ports.ts";
import { systemClock } from "../src/platform/system-clock.ts";

/**
 * Wall-clock time with real sleeps, for tests with real I/O and `timeoutMs` (where a
 * virtual clock would jump while a socket is still busy). Records the sleeps like the virtual one.
 */
export function createRealClock(): Clock & { readonly sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: systemClock.now, sleep: (ms, signal) => (sleeps.push(ms), systemClock.sleep(ms, signal)) };
}
