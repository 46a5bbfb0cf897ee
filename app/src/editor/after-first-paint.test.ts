import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { afterFirstPaint, whenPainted, type PaintClock } from "./after-first-paint.ts";

/** Frames and idle periods run by hand. */
function manualClock() {
  let frames: Array<() => void> = [];
  let idles: Array<() => void> = [];
  const clock: PaintClock = {
    frame: (callback) => frames.push(callback),
    cancelFrame: (handle) => void (frames[handle - 1] = () => {}),
    idle(callback) {
      idles.push(callback);
      return () => void (idles = idles.filter((queued) => queued !== callback));
    },
  };
  const run = (queue: Array<() => void>) => queue.forEach((callback) => callback());
  return {
    clock,
    frame: () => run(frames.splice(0)),
    idle: () => run(idles.splice(0)),
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

  it("runs nothing once cancelled, or once the scope that asked is disposed", () => {
    const { clock, frame, idle } = manualClock();
    let ran = 0;
    const cancel = whenPainted(() => ran++, clock);
    frame();
    cancel();
    idle();
    createRoot((dispose) => {
      whenPainted(() => ran++, clock);
      dispose();
    });
    frame();
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
