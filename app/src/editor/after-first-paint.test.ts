import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { afterFirstPaint, whenPainted, type PaintClock } from "./after-first-paint.ts";

/** Frames, idle periods and time, run by hand. `idle(ms)`: an idle period with `ms` left before the next frame. */
function manualClock() {
  let now = 0;
  let frames: Array<() => void> = [];
  let idles: Array<{ callback: Parameters<PaintClock["idle"]>[0]; due: number }> = [];
  const clock: PaintClock = {
    now: () => now,
    frame: (callback) => frames.push(callback),
    cancelFrame: (handle) => void (frames[handle - 1] = () => {}),
    idle(callback, timeoutMs) {
      const entry = { callback, due: now + timeoutMs };
      idles.push(entry);
      return () => void (idles = idles.filter((queued) => queued !== entry));
    },
  };
  return {
    clock,
    frame: () => frames.splice(0).forEach((callback) => callback()),
    idle: (ms = 50) => idles.splice(0).forEach(({ callback }) => callback({ didTimeout: false, timeRemaining: () => ms })),
    /** Time passes; idle callbacks whose timeout is up run (the browser runs them then, idle or not). */
    wait(ms: number) {
      now += ms;
      const due = idles.filter((entry) => entry.due <= now);
      idles = idles.filter((entry) => entry.due > now);
      due.forEach(({ callback }) => callback({ didTimeout: true, timeRemaining: () => 0 }));
    },
  };
}

describe("whenPainted", () => {
  it("runs the work once the next frame has drawn and the page is idle, not before", () => {
    const { clock, frame, idle } = manualClock();
    let ran = 0;
    whenPainted(() => ran++, clock);
    idle(); // idle time before the frame (the page had nothing to draw): too early
    expect(ran).toBe(0);
    frame();
    expect(ran).toBe(0);
    idle();
    expect(ran).toBe(1);
    frame();
    idle();
    expect(ran).toBe(1);
  });

  it("waits for an idle period with room before the next frame, or 300 ms after its frame at the latest", () => {
    const { clock, frame, idle, wait } = manualClock();
    let ran = 0;
    whenPainted(() => ran++, clock);
    frame();
    idle(3); // a frame is due in 3 ms (a zoom under way): work here would hold it back
    wait(100);
    idle(5);
    expect(ran).toBe(0);
    idle(16);
    expect(ran).toBe(1);

    whenPainted(() => ran++, clock);
    frame();
    for (let i = 0; i < 10; i++) (idle(2), wait(29)); // never any room: 290 ms
    expect(ran).toBe(1);
    wait(10);
    expect(ran).toBe(2);
  });

  it("runs nothing once cancelled, or once the scope that asked is disposed", () => {
    const { clock, frame, idle, wait } = manualClock();
    let ran = 0;
    const cancel = whenPainted(() => ran++, clock);
    frame();
    cancel();
    idle();
    createRoot((dispose) => {
      whenPainted(() => ran++, clock);
      frame();
      idle(2);
      dispose();
    });
    wait(1000);
    idle();
    expect(ran).toBe(0);
  });
});

describe("afterFirstPaint", () => {
  it("is false until the frame has drawn and the page is idle", () => {
    const { clock, frame, idle } = manualClock();
    createRoot((dispose) => {
      const painted = afterFirstPaint(clock);
      expect(painted()).toBe(false);
      frame();
      expect(painted()).toBe(false);
      idle();
      expect(painted()).toBe(true);
      dispose();
    });
  });
});
