import { describe, expect, it } from "vitest";
import { whenQuiet, type QuietClock } from "./when-quiet.ts";

/**
 * A page's idle callbacks, scripted: each step is the time a callback comes and the idle
 * period it gets (50: nothing due; less: a frame is due).
 */
function scriptedClock(steps: Array<{ at: number; idle: number }>): QuietClock & { pending(): number } {
  let now = 0;
  let queued: Array<(deadline: { didTimeout: boolean; timeRemaining(): number }) => void> = [];
  const clock = {
    now: () => now,
    requestIdle: (callback: (typeof queued)[number]) => void queued.push(callback),
    pending: () => queued.length,
  };
  queueMicrotask(function step() {
    const next = steps.shift();
    if (!next) return;
    now = next.at;
    const callbacks = queued;
    queued = [];
    for (const callback of callbacks) callback({ didTimeout: false, timeRemaining: () => next.idle });
    step();
  });
  return clock;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const every50 = (from: number, to: number, idle = 50) => Array.from({ length: Math.floor((to - from) / 50) + 1 }, (_, i) => ({ at: from + i * 50, idle }));

describe("whenQuiet", () => {
  it("runs once the page has had full idle periods back to back for quietMs", async () => {
    let ranAt: number | undefined;
    const clock = scriptedClock(every50(50, 1000));
    whenQuiet(() => (ranAt = clock.now()), { quietMs: 500, latestMs: 5000 }, clock);
    await settle();
    expect(ranAt).toBe(500);
  });

  it("waits again after frames (short idle periods) or tasks (a gap between callbacks)", async () => {
    let ranAt: number | undefined;
    // Quiet to 300, frames due to 600, quiet to 900, a 400 ms task, then quiet.
    const clock = scriptedClock([...every50(50, 300), ...every50(350, 600, 8), ...every50(650, 900), ...every50(1300, 2500)]);
    whenQuiet(() => (ranAt = clock.now()), { quietMs: 500, latestMs: 5000 }, clock);
    await settle();
    expect(ranAt).toBe(1800);
  });

  it("runs after latestMs on a page that never goes quiet", async () => {
    let ranAt: number | undefined;
    const clock = scriptedClock(every50(50, 6000, 5));
    whenQuiet(() => (ranAt = clock.now()), { quietMs: 500, latestMs: 2000 }, clock);
    await settle();
    expect(ranAt).toBe(2000);
    expect(clock.pending()).toBe(0);
  });
});
