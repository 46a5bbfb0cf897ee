import { createComputed, createSignal, on, onCleanup, untrack, type Accessor } from "solid-js";

/**
 * `source`, except that a change made while a pointer button is held waits for its release
 * (then for the page to be idle): a node's drag selects it at its first move, and building
 * its inspector there (~35 ms at 1,000 nodes, trace) was a hitch at the start of every drag.
 * Changes made with no button held (a click selects on release, keys) pass at once.
 * @example const selected = heldWhilePressed(() => session.selection.nodes());
 */
export function heldWhilePressed<T>(source: Accessor<T>): Accessor<T> {
  const [value, setValue] = createSignal<T>(untrack(source), { equals: false });
  let pressed = false;
  let waiting = false;
  let cancelIdle: (() => void) | undefined;
  const catchUp = () => {
    cancelIdle = undefined;
    if (!pressed) setValue(() => source());
  };
  createComputed(
    on(source, (next) => {
      if (pressed) waiting = true;
      else setValue(() => next);
    }, { defer: true }),
  );
  const down = () => (pressed = true);
  const up = () => {
    pressed = false;
    if (!waiting) return;
    waiting = false;
    cancelIdle ??= whenIdle(catchUp);
  };
  window.addEventListener("pointerdown", down, true);
  window.addEventListener("pointerup", up, true);
  window.addEventListener("pointercancel", up, true);
  onCleanup(() => {
    cancelIdle?.();
    window.removeEventListener("pointerdown", down, true);
    window.removeEventListener("pointerup", up, true);
    window.removeEventListener("pointercancel", up, true);
  });
  return value;
}

/** `run` at the page's next idle time (within 500 ms); Safari has no idle callbacks, so a short timer there. Returns a cancel. */
function whenIdle(run: () => void): () => void {
  if (typeof requestIdleCallback === "function") {
    const handle = requestIdleCallback(run, { timeout: 500 });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(run, 50);
  return () => clearTimeout(timer);
}
