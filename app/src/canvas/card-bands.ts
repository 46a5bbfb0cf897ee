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
  /** What the canvas's effect calls when the overview comes or goes (tests call it directly). */
  overviewChanged(now: boolean): void;
}

/**
 * The drawn cards grouped in square bands of the flow (a card keeps the band it was put in
 * while it stays drawn, so a drag never moves its element), so that leaving the overview
 * shows them a band per animation frame, nearest the view's centre first: all 550 cards of a
 * 64 % view shown in one frame cost a paint of ~80-120 ms of main-thread time (trace); a band
 * of fifty costs a tenth of that. Cards stack in no order that means anything (they arrive
 * nearest the view first), so a band per box changes nothing on screen.
 * @example const bands = createCardBands(visible, (id) => positions.get(id), overview, () => view.centre());
 */
export function createCardBands(
  visible: Accessor<readonly string[]>,
  positionOf: (id: string) => { x: number; y: number } | undefined,
  overview: Accessor<boolean>,
  centre: () => { x: number; y: number },
): CardBands {
  const bandOf = new Map<string, string>();
  const groups = createMemo(() => groupByBand(visible(), bandOf, positionOf));
  // Row by row, left to right: the order the cards come in the page (and in Tab order).
  const keys = createMemo(() => [...groups().keys()].sort(byRowThenColumn), [], { equals: sameList });
  const [hidden, setHidden] = createSignal<ReadonlySet<string>>(new Set());
  let frame = 0;

  /** Shows the band nearest the view's centre, then the next one a frame later. */
  function revealNext(): void {
    frame = 0;
    const waiting = hidden();
    if (waiting.size === 0) return;
    const next = new Set(waiting);
    next.delete(nearestBand(waiting, centre()));
    setHidden(next);
    if (next.size) frame = requestAnimationFrame(revealNext);
  }

  /** Out of the overview: every band hidden but the nearest, then one more each frame. Into it:
   * nothing to hide (the viewport's class hides all the cards at once). */
  function overviewChanged(now: boolean): void {
    cancelAnimationFrame(frame);
    frame = 0;
    setHidden(new Set<string>(now ? [] : untrack(keys)));
    if (!now) revealNext();
  }
  createEffect(on(overview, overviewChanged, { defer: true }));
  onCleanup(() => cancelAnimationFrame(frame));

  return {
    keys,
    idsOf: (key) => groups().get(key) ?? [],
    concealed: (key) => hidden().has(key),
    revealing: () => hidden().size > 0,
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
