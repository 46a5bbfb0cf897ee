import { createSignal, getOwner, onCleanup, type Accessor } from "solid-js";

/** The browser parts `whenPainted` uses, passed in so a test can drive them. */
export interface PaintClock {
  readonly frame: (callback: () => void) => number;
  readonly cancelFrame: (handle: number) => void;
  /** Runs `callback` once the page is idle (an idle period starts after a frame is painted); returns a canceller. */
  readonly idle: (callback: () => void) => () => void;
}

/**
 * Runs `work` once the next frame has been painted and the page is idle. Cancelled with the
 * calling Solid scope, if any; returns the canceller.
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
  // The frame callback runs as the next frame is about to draw: idle time comes after it.
  const frame = clock.frame(() => (cancelIdle = clock.idle(work)));
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

/** At most this long after the frame, when the page never goes idle (a run's events streaming in). */
const latestMs = 300;

function browserClock(): PaintClock {
  return {
    frame: (callback) => requestAnimationFrame(callback),
    cancelFrame: (handle) => cancelAnimationFrame(handle),
    idle(callback) {
      if (typeof requestIdleCallback === "function") {
        const handle = requestIdleCallback(callback, { timeout: latestMs });
        return () => cancelIdleCallback(handle);
      }
      // Safari has no idle callbacks: a task queued from the frame runs once it is painted.
      const handle = setTimeout(callback);
      return () => clearTimeout(handle);
    },
  };
}
