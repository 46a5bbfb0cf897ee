import type { Clock } from "@nexus-flow/shared";

/** `setTimeout` fires at once for delays past 2^31 - 1 ms (~24.8 days); longer sleeps go in legs. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Wall-clock time and real timers, for the engine worker. A delay node may sleep for up to
 * a year: the sleep is split into legs and re-checks the wall clock after each one.
 * @example await browserClock.sleep(5_000, controller.signal);
 */
export const browserClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const wakeAt = Date.now() + ms;
      let timer: ReturnType<typeof setTimeout>;
      const onAbort = () => (clearTimeout(timer), reject(signal.reason));
      const arm = () => {
        const left = wakeAt - Date.now();
        if (left > 0) return void (timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS)));
        signal.removeEventListener("abort", onAbort);
        resolve();
      };
      signal.addEventListener("abort", onAbort, { once: true });
      arm();
    }),
};
