/** The browser parts `whenQuiet` reads, passed in so a test can drive them. */
export interface QuietClock {
  readonly now: () => number;
  readonly requestIdle: (callback: (deadline: { didTimeout: boolean; timeRemaining(): number }) => void, options: { timeout: number }) => void;
}

/** Chrome's longest idle period: callbacks of a page with nothing to do come this far apart. */
const fullIdleMs = 50;
/** An idle period this short ends at a frame: something on the page animates or renders. */
const frameDueMs = 20;

/**
 * Calls `run` once the page has been quiet for `quietMs`: idle callbacks coming back to back
 * (no long task ran between them), none ending at a frame (nothing animates or renders). Any work — the app starting, an import, a gesture — starts the wait again.
 * A page that never goes quiet gets `run` after `latestMs` anyway.
 */
export function whenQuiet(run: () => void, options: { quietMs: number; latestMs: number }, clock: QuietClock = browserClock()): void {
  const started = clock.now();
  let quietSince = started;
  let last = started;
  const check = (deadline: { didTimeout: boolean; timeRemaining(): number }) => {
    const at = clock.now();
    // Callbacks of a quiet page come every idle period (≤ 50 ms); a longer gap means tasks ran.
    const busy = deadline.didTimeout || deadline.timeRemaining() < frameDueMs || at - last > 3 * fullIdleMs;
    if (busy) quietSince = at;
    last = at;
    if (at - quietSince >= options.quietMs || at - started >= options.latestMs) return run();
    clock.requestIdle(check, { timeout: Math.max(1, started + options.latestMs - at) });
  };
  clock.requestIdle(check, { timeout: options.latestMs });
}

function browserClock(): QuietClock {
  const requestIdle: QuietClock["requestIdle"] = window.requestIdleCallback
    ? (callback, options) => void window.requestIdleCallback(callback, options)
    : // Safari has no idle callbacks: a timer that finds the page quiet when it fires on time.
      (callback) => {
        const due = performance.now() + fullIdleMs;
        setTimeout(() => callback({ didTimeout: false, timeRemaining: () => Math.max(0, fullIdleMs - (performance.now() - due)) }), fullIdleMs);
      };
  return { now: () => performance.now(), requestIdle };
}
