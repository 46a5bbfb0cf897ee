import { createEffect, createMemo, createSignal, on, onCleanup, untrack, type Accessor } from "solid-js";

/** A band's side in flow pixels: at 64 % a screenful holds about four bands of some fifty cards. */
export const bandSize = 1200;

export interface CardBands {
  /** The bands that hold cards, in a stable order. */
  readonly keys: Accessor<readonly string[]>;
  /** The cards (ids) of a band. */
  idsOf(key: string): readonly string[];
  /** Whether a band's cards are still hidden, waiting for their turn to show. */
  concealed(key: string): boolean;
  /** Cards are coming back band by band (the overview stays under them meanwhile). */
  readonly revealing: Accessor<boolean>;
  /** The edges are still hidden: they come back alone, a frame before the bands that were not shown yet. */
  readonly edgesConcealed: Accessor<boolean>;
  /** What the canvas's effect calls when the overview comes or goes (tests call it directly). */
  overviewChanged(now: boolean): void;
}

/**
 * The drawn cards grouped in square bands of the flow (a card keeps the band it was put in
 * while it stays drawn, so a drag never moves its element), so that leaving the overview
 * shows them a band per animation frame, nearest the view's centre first: all 550 cards of a
 * 64 % view shown in one frame cost a paint of ~80-120 ms of main-thread time (trace); a band
 * of a dozen costs a fraction of that. Cards stack in no order that means anything (they arrive
 * nearest the view first), so a band per box changes nothing on screen.
 * Cards still on their way out of the overview (`filling`: the first time a big flow is zoomed
 * into, all of them) go into bands that stay hidden until the last has come: shown as they came,
 * each batch re-rastered every tile it touched, ~1 s of raster for 550 cards, where shown band by
 * band once they are all there, each tile is rastered about once.
 * While the view `moving` (a pan or zoom, and a moment after), no band is shown: the reveal waits.
 * A wheel zoom started while bands were still coming back showed them mid-zoom, each over tiles
 * the zoom was exposing anyway: frames of 100-550 ms (app bench, wheel-frames.ts), where the
 * overview under the hidden bands follows the view at a few milliseconds a frame.
 * @example const bands = createCardBands(visible, (id) => positions.get(id), overview, () => view.centre(), filling, moving);
 */
export function createCardBands(
  visible: Accessor<readonly string[]>,
  positionOf: (id: string) => { x: number; y: number } | undefined,
  overview: Accessor<boolean>,
  centre: () => { x: number; y: number },
  filling: Accessor<boolean> = () => false,
  moving: Accessor<boolean> = () => false,
): CardBands {
  const bandOf = new Map<string, string>();
  const groups = createMemo(() => groupByBand(visible(), bandOf, positionOf));
  // Row by row, left to right: the order the cards come in the page (and in Tab order).
  const keys = createMemo(() => [...groups().keys()].sort(byRowThenColumn), [], { equals: sameList });
  /** While cards come back out of the overview: the bands shown so far (the others are hidden). */
  const [shown, setShown] = createSignal<ReadonlySet<string> | undefined>(undefined);
  const [edgesShown, setEdgesShown] = createSignal(true);
  /** The bands there were when the overview ended: shown even while more cards are on their way. */
  let earlier: ReadonlySet<string> = new Set();
  let frame = 0;

  /**
   * Shows the hidden band nearest the view's centre, then the next one a frame later (the edges
   * get a frame of their own once no more cards are coming); done once all are shown. The first
   * call, as the overview ends, is never the last: the cards culling sends for the new view are
   * not on their way yet.
   */
  function revealNext(first = false): void {
    frame = 0;
    const now = shown();
    if (!now) return;
    if (!first && untrack(moving)) return void (frame = requestAnimationFrame(() => revealNext()));
    const more = untrack(filling);
    const waiting = untrack(keys).filter((key) => !now.has(key) && (!more || earlier.has(key)));
    if (!first && !more && !untrack(edgesShown)) {
      // The edges alone in a frame, over tiles that hold few cards yet: shown after the cards, their
      // raster was the whole view's again (~60-120 ms in one frame, trace); now each band's costs a little more.
      setEdgesShown(true);
      frame = requestAnimationFrame(() => revealNext());
      return;
    }
    if (!first && !more && waiting.length <= 1) return void setShown(undefined);
    if (waiting.length) setShown(new Set(now).add(nearestBand(waiting, centre())));
    frame = requestAnimationFrame(() => revealNext());
  }

  /** Out of the overview: every band hidden but the nearest, then one more each frame. Into it:
   * nothing to hide (the viewport's class hides all the cards at once). */
  function overviewChanged(now: boolean): void {
    cancelAnimationFrame(frame);
    frame = 0;
    earlier = new Set(untrack(keys));
    setEdgesShown(now);
    setShown(now ? undefined : new Set<string>());
    if (!now) revealNext(true);
  }
  createEffect(on(overview, overviewChanged, { defer: true }));
  onCleanup(() => cancelAnimationFrame(frame));

  return {
    keys,
    idsOf: (key) => groups().get(key) ?? [],
    concealed: (key) => !!shown() && !shown()!.has(key),
    revealing: () => shown() !== undefined,
    edgesConcealed: () => shown() !== undefined && !edgesShown(),
    overviewChanged,
  };
}

const byRowThenColumn = (a: string, b: string) => {
  const [ac, ar] = a.split(",").map(Number) as [number, number];
  const [bc, br] = b.split(",").map(Number) as [number, number];
  return ar - br || ac - bc;
};
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((key, i) => key === b[i]);

/**
 * The ids by band (`column,row` of `bandSize` squares), each id in the band `bandOf` holds for
 * it, or the band of its position when new to `bandOf`; ids gone are dropped from `bandOf`.
 * @example groupByBand(["n0"], new Map(), () => ({ x: 10, y: 10 })) // Map { "0,0" => ["n0"] }
 */
export function groupByBand(ids: readonly string[], bandOf: Map<string, string>, positionOf: (id: string) => { x: number; y: number } | undefined): Map<string, string[]> {
  const next = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const id of ids) {
    let key = bandOf.get(id);
    if (key === undefined) {
      const at = positionOf(id) ?? { x: 0, y: 0 };
      key = `${Math.floor(at.x / bandSize)},${Math.floor(at.y / bandSize)}`;
      bandOf.set(id, key);
    }
    seen.add(id);
    let group = next.get(key);
    if (!group) next.set(key, (group = []));
    group.push(id);
  }
  for (const id of bandOf.keys()) if (!seen.has(id)) bandOf.delete(id);
  return next;
}

/** The band whose centre lies nearest `point` (flow coordinates). */
export function nearestBand(keys: Iterable<string>, point: { x: number; y: number }): string {
  const distance = (key: string) => {
    const [column, row] = key.split(",").map(Number) as [number, number];
    return Math.hypot((column + 0.5) * bandSize - point.x, (row + 0.5) * bandSize - point.y);
  };
  return [...keys].reduce((best, key) => (distance(key) < distance(best) ? key : best));
}
