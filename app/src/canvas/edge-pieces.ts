/**
 * An edge's visible line drawn as a few short curves instead of one long one, in the layer of
 * all cards and edges. Why: Chrome re-rasterises, for a path that appears or goes, every 256-px
 * tile of its bounding box, and a tile full of cards costs 1-2 ms. A long edge of the 1,000-node
 * flow (a binary tree: a node's children are columns away) has a box of ~40 tiles at 64 %, most of
 * them nowhere near its line, and a dragged node's edges leave that layer at the lift and come back
 * at the drop: ~50-90 ms of raster each time (trace of the app bench's node drag). Pieces with
 * short or thin boxes follow the line, so the tiles re-rastered are about those it crosses: half
 * the raster at the lift and at the drop, for ~3,400 paths instead of 1,000 in that flow.
 */

/** A piece this long across or down, in flow units (under a raster tile at 64 %), is short enough. */
export const pieceSpan = 400;
/** A piece whose box is this thin (across or down, flow units) runs along one or two rows of tiles. */
export const pieceThin = 150;
/** At most 2^4 pieces per edge: enough to follow the curve, few enough for the DOM. */
const maxDepth = 4;

type Point = readonly [number, number];

/**
 * The cubic bezier `p0 → p3` (controls `p1`, `p2`) split in halves (of its parameter) until each
 * piece's box is short or thin (the flat ends of an edge stay long pieces), each as an SVG path
 * (`M … C …`), `tail` appended to the last (an arrowhead).
 * @example bezierPieces([0, 0], [500, 0], [500, 300], [1000, 300]).length // 2
 */
export function bezierPieces(p0: Point, p1: Point, p2: Point, p3: Point, tail = ""): string[] {
  const pieces: string[] = [];
  const add = (a: Point, b: Point, c: Point, d: Point, depth: number): void => {
    const xs = [a[0], b[0], c[0], d[0]];
    const ys = [a[1], b[1], c[1], d[1]];
    const width = Math.max(...xs) - Math.min(...xs);
    const height = Math.max(...ys) - Math.min(...ys);
    if (depth >= maxDepth || Math.min(width, height) <= pieceThin || Math.max(width, height) <= pieceSpan) {
      pieces.push(`M${n(a[0])},${n(a[1])} C${n(b[0])},${n(b[1])} ${n(c[0])},${n(c[1])} ${n(d[0])},${n(d[1])}`);
      return;
    }
    const [, l1, l2, mid, r1, r2] = splitAt(a, b, c, d, 0.5) as [Point, Point, Point, Point, Point, Point];
    add(a, l1, l2, mid, depth + 1);
    add(mid, r1, r2, d, depth + 1);
  };
  add(p0, p1, p2, p3, 0);
  pieces[pieces.length - 1] += tail;
  return pieces;
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
