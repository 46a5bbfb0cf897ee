import type { Clock } from "../src/engine/ports.ts";

export interface VirtualClock extends Clock {
  /** Sleeps started so far, as [requested ms]. */
  readonly sleeps: number[];
}

/**
 * A clock whose time only moves when every sleeper is waiting: once the microtask queue is
 * empty (checked with setImmediate), it jumps to the earliest timer and fires it. Delays of
 * a day take no real time, and runs are deterministic. Not for tests with real I/O and
 * timeouts: time would jump while a socket is still busy.
 */
export function createVirtualClock(start = Date.UTC(2026, 0, 1)): VirtualClock {
  let now = start;
  let sequence = 0;
  const timers: Array<{ at: number; seq: number; fire: () => void }> = [];
  let scheduled = false;
  const sleeps: number[] = [];

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = timers.shift();
      if (!next) return;
      now = Math.max(now, next.at);
      next.fire();
      if (timers.length) schedule();
    });
  }

  return {
    sleeps,
    now: () => now,
    sleep(ms, signal) {
      sleeps.push(ms);
      return new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        const timer = { at: now + ms, seq: sequence++, fire: () => resolve() };
        timers.push(timer);
        signal.addEventListener("abort", () => {
          const at = timers.indexOf(timer);
          if (at >= 0) timers.splice(at, 1);
          reject(signal.reason);
        }, { once: true });
        schedule();
      });
    },
  };
}
