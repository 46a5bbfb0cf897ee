/** The browser parts `whenQuiet` reads, passed in so a test can drive them. */
export interface QuietClock {
  readonly now: () => number;
  readonly requestIdle: (callback: (deadline: { didTimeout: boolean; timeRemaining(): number }) => void, options: { timeout: number }) => void;
  /** Long tasks (≥ 50 ms) run so far; undefined where the browser does not report them. */
  readonly longTasks: () => number | undefined;
  /** Stops counting long tasks once `run` has run. */
  readonly stop?: () => void;
}

/** Chrome's longest idle period: callbacks of a page with nothing to do come this far apart. */
const fullIdleMs = 50;
/** An idle period this short ends at a frame: something on the page animates or renders. */
const frameDueMs = 20;

/**
 * Calls `run` once the page has been quiet for `quietMs`: no long task ran (the app starting,
 * an import, a run) and no idle period ended at a frame (nothing animates or renders). Any
 * such work starts the wait again. A page that never goes quiet gets `run` after `latestMs`.
 * Where long tasks are not reported (Safari), a gap between idle callbacks stands for one.
 */
export function whenQuiet(run: () => void, options: { quietMs: number; latestMs: number }, clock: QuietClock = browserClock()): void {
  const started = clock.now();
  let quietSince = started;
  let last = started;
  let longTasks = clock.longTasks();
  const check = (deadline: { didTimeout: boolean; timeRemaining(): number }) => {
    const at = clock.now();
    const tasks = clock.longTasks();
    // Without long-task reports: callbacks of a quiet page come every idle period (≤ 50 ms).
    const taskRan = tasks === undefined ? at - last > 3 * fullIdleMs : tasks !== longTasks;
    if (deadline.didTimeout || deadline.timeRemaining() < frameDueMs || taskRan) quietSince = at;
    last = at;
    longTasks = tasks;
    if (at - quietSince >= options.quietMs || at - started >= options.latestMs) return clock.stop?.(), run();
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
  let longTasks: number | undefined;
  let observer: PerformanceObserver | undefined;
  if (PerformanceObserver.supportedEntryTypes?.includes("longtask")) {
    longTasks = 0;
    observer = new PerformanceObserver((list) => (longTasks! += list.getEntries().length));
    observer.observe({ type: "longtask" });
  }
  return { now: () => performance.now(), requestIdle, longTasks: () => longTasks, stop: () => observer?.disconnect() };
}
