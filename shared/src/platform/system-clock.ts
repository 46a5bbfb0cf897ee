import type { Clock } from "../engine/ports.ts";

/** `setTimeout` fires at once for delays past 2^31 - 1 ms (~24.8 days); longer sleeps go in legs. */
const maxTimerMs = 2_147_483_647;

/**
 * Wall-clock time and real timers. A delay node may sleep for up to a year: the sleep is
 * split into legs that re-check the wall clock, so it wakes at its time even past 24.8 days.
 * @example await systemClock.sleep(5_000, controller.signal);
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const wakeAt = Date.now() + ms;
      let timer: ReturnType<typeof setTimeout>;
      const onAbort = () => (clearTimeout(timer), reject(signal.reason));
      const arm = () => {
        const left = wakeAt - Date.now();
        if (left > 0) return void (timer = setTimeout(arm, Math.min(left, maxTimerMs)));
        signal.removeEventListener("abort", onAbort);
        resolve();
      };
      signal.addEventListener("abort", onAbort, { once: true });
      arm();
    }),
};
