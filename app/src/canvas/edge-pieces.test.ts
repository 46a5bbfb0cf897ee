import { describe, expect, it } from "vitest";
import { getBezierPath, Position } from "@xyflow/system";
import { bezierPieces, pieceSpan } from "./edge-pieces.ts";
import { controlOffset } from "./edge-geometry.ts";

type Point = [number, number];
const numbers = (path: string) => (path.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
const at = (p: Point[], t: number): Point => {
  const u = 1 - t;
  const w = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
  return [w.reduce((s, k, i) => s + k * p[i]![0], 0), w.reduce((s, k, i) => s + k * p[i]![1], 0)];
};
const curve = (from: Point, to: Point): Point[] => {
  const reach = controlOffset(to[0] - from[0]);
  return [from, [from[0] + reach, from[1]], [to[0] - reach, to[1]], to];
};

describe("edge pieces", () => {
  it("draws a short edge as one piece, the very curve getBezierPath draws", () => {
    for (const [from, to] of [[[0, 0], [200, 80]], [[300, 50], [100, 20]]] as [Point, Point][]) {
      const [path] = getBezierPath({ sourceX: from[0], sourceY: from[1], sourcePosition: Position.Right, targetX: to[0], targetY: to[1], targetPosition: Position.Left });
      const pieces = bezierPieces(...(curve(from, to) as [Point, Point, Point, Point]));
      expect(pieces).toHaveLength(1);
      numbers(pieces[0]!).forEach((value, i) => expect(value).toBeCloseTo(numbers(path)[i]!, 1));
    }
  });

  it("splits a long edge into pieces no wider than a tile or so, which join into the same curve", () => {
    const p = curve([0, 0], [4560, 860]);
    const pieces = bezierPieces(...(p as [Point, Point, Point, Point]), " M1,2 L3,4");
    expect(pieces.length).toBe(12);
    expect(pieces.at(-1)).toMatch(/ M1,2 L3,4$/);
    pieces.forEach((piece, i) => {
      const [x0, y0, c1x, c1y, c2x, c2y, x1, y1] = numbers(piece);
      const q: Point[] = [[x0!, y0!], [c1x!, c1y!], [c2x!, c2y!], [x1!, y1!]];
      // Each piece starts where the one before ends, and runs along the whole curve's points.
      for (const s of [0, 0.3, 0.7, 1]) {
        const [x, y] = at(q, s);
        const [ex, ey] = at(p, (i + s) / pieces.length);
        expect(Math.hypot(x - ex, y - ey)).toBeLessThan(0.05);
      }
    });
    // Short pieces where the flow allows: a 1,500-unit edge in five.
    expect(bezierPieces(...(curve([0, 0], [1500, 100]) as [Point, Point, Point, Point]))).toHaveLength(Math.ceil(1500 / pieceSpan));
  });
});
