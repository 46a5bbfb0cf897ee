import { createEffect, createSignal, onCleanup, type Accessor } from "solid-js";

/**
 * `flag`, held true for `ms` more after it turns false. Why: the overview gives way to cards
 * once a zoom gesture ends, and d3-zoom ends a wheel gesture after 150 ms without a wheel
 * event. Wheel notches further apart than that (a slow hand, or a loaded machine delaying the
 * events: the app bench saw it) ended the gesture mid-zoom, and each such end showed the cards
 * and edges (~60-100 ms of raster in one frame) only to hide them again at the next notch.
 * @example const busy = lingering(viewport.moving, 250);
 */
export function lingering(flag: Accessor<boolean>, ms: number): Accessor<boolean> {
  const [held, setHeld] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(() => {
    clearTimeout(timer);
    if (flag()) setHeld(true);
    else timer = setTimeout(() => setHeld(false), ms);
  });
  onCleanup(() => clearTimeout(timer));
  return () => flag() || held();
}
