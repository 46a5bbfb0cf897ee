import { describe, expect, it } from "vitest";
import { whenQuiet, type QuietClock } from "./when-quiet.ts";

/**
 * A page's idle callbacks, scripted: each step is the time a callback comes, the idle period
 * it gets (50: nothing due; less: a frame is due) and the long tasks run before it. Without
 * `reportsLongTasks` (Safari), the clock reports none and gaps between callbacks stand for them.
 */
function scriptedClock(steps: Array<{ at: number; idle: number; longTask?: true }>, reportsLongTasks = true): QuietClock & { pending(): number } {
  let now = 0;
  let longTasks = 0;
  let queued: Array<(deadline: { didTimeout: boolean; timeRemaining(): number }) => void> = [];
  const clock = {
    now: () => now,
    requestIdle: (callback: (typeof queued)[number]) => void queued.push(callback),
    longTasks: () => (reportsLongTasks ? longTasks : undefined),
    pending: () => queued.length,
  };
  queueMicrotask(function step() {
    const next = steps.shift();
    if (!next) return;
    now = next.at;
    if (next.longTask) longTasks++;
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

  it("waits again after frames (short idle periods) or a long task", async () => {
    let ranAt: number | undefined;
    // Quiet to 300, frames due to 600, quiet to 900, a long task before 950, then quiet.
    const clock = scriptedClock([...every50(50, 300), ...every50(350, 600, 8), ...every50(650, 900), { at: 950, idle: 50, longTask: true }, ...every50(1000, 2500)]);
    whenQuiet(() => (ranAt = clock.now()), { quietMs: 500, latestMs: 5000 }, clock);
    await settle();
    expect(ranAt).toBe(1450);
  });

  it("takes a late idle callback for a task where long tasks are not reported, and not where they are", async () => {
    // Quiet, then a callback 300 ms late (a task, or the machine busy with other programs).
    const steps = () => [...every50(50, 400), ...every50(700, 2000)];
    let withReports: number | undefined;
    let without: number | undefined;
    const reporting = scriptedClock(steps());
    whenQuiet(() => (withReports = reporting.now()), { quietMs: 500, latestMs: 5000 }, reporting);
    const safari = scriptedClock(steps(), false);
    whenQuiet(() => (without = safari.now()), { quietMs: 500, latestMs: 5000 }, safari);
    await settle();
    expect(withReports).toBe(700);
    expect(without).toBe(1200);
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
