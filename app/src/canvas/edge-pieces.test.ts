import { describe, expect, it } from "vitest";
import { getBezierPath, Position } from "@xyflow/system";
import { bezierPieces, pieceSpan, pieceThin } from "./edge-pieces.ts";
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

  it("splits a long edge into pieces with short or thin boxes, which join into the same curve", () => {
    const p = curve([0, 0], [4560, 860]);
    const pieces = bezierPieces(...(p as [Point, Point, Point, Point]), " M1,2 L3,4");
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.length).toBeLessThanOrEqual(16);
    expect(pieces.at(-1)).toMatch(/ M1,2 L3,4$/);
    const dense = Array.from({ length: 4001 }, (_, i) => at(p, i / 4000));
    let end: Point = p[0]!;
    for (const piece of pieces) {
      const [x0, y0, c1x, c1y, c2x, c2y, x1, y1] = numbers(piece);
      const q: Point[] = [[x0!, y0!], [c1x!, c1y!], [c2x!, c2y!], [x1!, y1!]];
      // Each piece starts where the one before ended, and lies on the whole curve.
      expect(Math.hypot(q[0]![0] - end[0], q[0]![1] - end[1])).toBeLessThan(0.02);
      for (const s of [0.25, 0.5, 0.75]) {
        const [x, y] = at(q, s);
        expect(Math.min(...dense.map(([dx, dy]) => Math.hypot(x - dx, y - dy)))).toBeLessThan(1.5);
      }
      const xs = q.map(([x]) => x), ys = q.map(([, y]) => y);
      const [width, height] = [Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)];
      expect(Math.min(width, height) <= pieceThin || Math.max(width, height) <= pieceSpan).toBe(true);
      end = q[3]!;
    }
    expect(Math.hypot(end[0] - 4560, end[1] - 860)).toBeLessThan(0.02);
    // A flat edge stays one piece however long it is: its box is a thin strip already.
    expect(bezierPieces(...(curve([0, 0], [3000, 100]) as [Point, Point, Point, Point]))).toHaveLength(1);
  });
});
