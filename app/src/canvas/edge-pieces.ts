/**
 * An edge's visible line drawn as a few short curves instead of one long one, in the layer of
 * all cards and edges. Why: Chrome re-rasterises, for a path that appears or goes, every 256-px
 * tile of its bounding box, and a tile full of cards costs 1-2 ms. A long edge of the 1,000-node
 * flow (a binary tree: a node's children are columns away) has a box of ~40 tiles at 64 %, most of
 * them nowhere near its line, and a dragged node's edges leave that layer at the lift and come back
 * at the drop: ~50-90 ms of raster each time (trace of the app bench's node drag). Pieces about
 * `pieceSpan` flow units across (equal steps of the curve's parameter: up to 1.5× that where it is
 * steepest) have small boxes that follow the line, so the tiles re-rastered are about those it
 * crosses: half the raster at the lift and at the drop.
 */

/** How far a piece runs across or down, on average, in flow units (under a raster tile at 64 %). */
export const pieceSpan = 360;
/** At most this many pieces per edge: enough to follow the curve, few enough for the DOM. */
const maxPieces = 12;

type Point = readonly [number, number];

/**
 * The cubic bezier `p0 → p3` (controls `p1`, `p2`) split into equal-parameter pieces, each as an
 * SVG path (`M … C …`), `tail` appended to the last (an arrowhead).
 * @example bezierPieces([0, 0], [500, 0], [500, 300], [1000, 300]).length // 3
 */
export function bezierPieces(p0: Point, p1: Point, p2: Point, p3: Point, tail = ""): string[] {
  const extent = Math.max(Math.abs(p3[0] - p0[0]), Math.abs(p3[1] - p0[1]));
  const count = Math.min(maxPieces, Math.max(1, Math.ceil(extent / pieceSpan)));
  const pieces: string[] = [];
  for (let i = 0; i < count; i++) {
    const [a, b, c, d] = subCurve(p0, p1, p2, p3, i / count, (i + 1) / count);
    pieces.push(`M${n(a[0])},${n(a[1])} C${n(b[0])},${n(b[1])} ${n(c[0])},${n(c[1])} ${n(d[0])},${n(d[1])}`);
  }
  pieces[count - 1] += tail;
  return pieces;
}

/** The part of a cubic between parameters `t0` and `t1` (de Casteljau, twice). */
function subCurve(p0: Point, p1: Point, p2: Point, p3: Point, t0: number, t1: number): [Point, Point, Point, Point] {
  // The part [0, t1]…
  const [, l1, l2, end] = splitAt(p0, p1, p2, p3, t1) as [Point, Point, Point, Point];
  if (t0 === 0) return [p0, l1, l2, end];
  // …then its part [t0 / t1, 1].
  const [, , , start, r1, r2] = splitAt(p0, l1, l2, end, t0 / t1);
  return [start!, r1!, r2!, end];
}

/** de Casteljau at `t`: [p0, left control 1, left control 2, split point, right control 1, right control 2, p3]. */
function splitAt(p0: Point, p1: Point, p2: Point, p3: Point, t: number): Point[] {
  const lerp = (a: Point, b: Point): Point => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
  const a = lerp(p0, p1), b = lerp(p1, p2), c = lerp(p2, p3);
  const d = lerp(a, b), e = lerp(b, c);
  const mid = lerp(d, e);
  return [p0, a, d, mid, e, c, p3];
}

const n = (value: number) => Math.round(value * 100) / 100;
