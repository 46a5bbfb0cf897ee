import { createSignal, getOwner, onCleanup, type Accessor } from "solid-js";

/** What an idle callback is told: how long the page stays idle, and whether the wait timed out. */
export interface IdleTime {
  readonly didTimeout: boolean;
  timeRemaining(): number;
}

/** The browser parts `whenPainted` uses, passed in so a test can drive them. */
export interface PaintClock {
  readonly now: () => number;
  readonly frame: (callback: () => void) => number;
  readonly cancelFrame: (handle: number) => void;
  /** Calls `callback` in the page's next idle period (one starts after a frame is painted), at the latest after `timeoutMs`; returns a canceller. */
  readonly idle: (callback: (idle: IdleTime) => void, timeoutMs: number) => () => void;
}

/** At most this long after the frame, when the page never has room (a run's events streaming in). */
const latestMs = 300;
/**
 * The idle time the work waits for. An idle period ends where the next frame is due: work run
 * in a shorter one (a frame already asked for: a zoom, a drag) would hold that frame back.
 */
const roomMs = 10;

/**
 * Runs `work` once the next frame has been painted and the page is idle, with room before the
 * frame after (or `latestMs` after the frame at the latest). Cancelled with the calling Solid
 * scope, if any; returns the canceller.
 *
 * Why: opening a big flow (Import of 1,000 nodes) built the side panels (flows list, palette,
 * inspector and its node list) and the canvas's per-node tracking in the same task as the
 * canvas, before its first frame: tens of milliseconds between the file chosen and the flow
 * drawn. What waits for this comes a frame or two after the canvas, the flow already on
 * screen and editable.
 * @example whenPainted(() => startTracking());
 */
export function whenPainted(work: () => void, clock: PaintClock = browserClock()): () => void {
  let cancelIdle: (() => void) | undefined;
  const waitForRoom = (latest: number) => {
    cancelIdle = clock.idle((idle) => {
      if (idle.didTimeout || idle.timeRemaining() >= roomMs || clock.now() >= latest) work();
      else waitForRoom(latest);
    }, Math.max(1, latest - clock.now()));
  };
  // The frame callback runs as the next frame is about to draw: idle time comes after it.
  const frame = clock.frame(() => waitForRoom(clock.now() + latestMs));
  const cancel = () => (clock.cancelFrame(frame), cancelIdle?.());
  if (getOwner()) onCleanup(cancel);
  return cancel;
}

/**
 * False until the next frame has been painted and the page is idle (`whenPainted`), then true.
 * @example const panels = afterFirstPaint(); <Show when={panels()}><Inspector … /></Show>
 */
export function afterFirstPaint(clock?: PaintClock): Accessor<boolean> {
  const [painted, setPainted] = createSignal(false);
  whenPainted(() => setPainted(true), clock);
  return painted;
}

function browserClock(): PaintClock {
  return {
    now: () => performance.now(),
    frame: (callback) => requestAnimationFrame(callback),
    cancelFrame: (handle) => cancelAnimationFrame(handle),
    idle(callback, timeoutMs) {
      if (typeof requestIdleCallback === "function") {
        const handle = requestIdleCallback(callback, { timeout: timeoutMs });
        return () => cancelIdleCallback(handle);
      }
      // Safari has no idle callbacks: a task queued from the frame runs once it is painted.
      const handle = setTimeout(() => callback({ didTimeout: true, timeRemaining: () => 0 }));
      return () => clearTimeout(handle);
    },
  };
}
