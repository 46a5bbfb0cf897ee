/**
 * Keeps one wheel listener on `element` for good, and relays wheel events to the listeners
 * added through `element.addEventListener("wheel", …)` since, in order. d3-zoom (XYPanZoom)
 * removes and re-adds its non-passive wheel listener at every `panZoom.update()`, which the
 * canvas calls when Space is pressed, a box selection starts or ends, or a connection starts.
 * Chrome treats a change to a node's blocking wheel listeners as a change of its wheel
 * hit-test region and repaints everything under it: ~550 cards and 750 edges walked and
 * repainted (~30 ms of pre-paint and paint, then ~100 ms of raster) at the start and the end
 * of every box selection (trace). With the relay the registry never changes.
 * Returns an undo.
 * @example relayWheelListeners(pane); XYPanZoom({ domNode: pane, … });
 */
export function relayWheelListeners(element: HTMLElement): () => void {
  const listeners: EventListenerOrEventListenerObject[] = [];
  const add = element.addEventListener;
  const remove = element.removeEventListener;
  const relay = (event: Event) => {
    for (const listener of [...listeners]) {
      if (typeof listener === "function") listener.call(element, event);
      else listener.handleEvent(event);
    }
  };
  add.call(element, "wheel", relay, { passive: false });
  element.addEventListener = function (this: HTMLElement, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
    if (type !== "wheel") return listener ? add.call(this, type, listener, options) : undefined;
    if (listener && !listeners.includes(listener)) listeners.push(listener);
  } as typeof element.addEventListener;
  element.removeEventListener = function (this: HTMLElement, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) {
    if (type !== "wheel") return listener ? remove.call(this, type, listener, options) : undefined;
    const at = listener ? listeners.indexOf(listener) : -1;
    if (at >= 0) listeners.splice(at, 1);
  } as typeof element.removeEventListener;
  return () => {
    delete (element as Partial<HTMLElement>).addEventListener;
    delete (element as Partial<HTMLElement>).removeEventListener;
    remove.call(element, "wheel", relay);
  };
}
