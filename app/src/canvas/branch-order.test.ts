import { describe, expect, it } from "vitest";
import { keepBranchOrder, type Box } from "./branch-order.ts";

const box = (x: number, y: number): Box => ({ x, y, width: 200, height: 60 });
const types: Record<string, string> = { c1: "condition", c2: "condition" };

//   c1 ─true──► c2 ─true──► a
//     │            └false─► b
//     └false─► d
// Laid out wrong on purpose: d above c2's side, and b above a.
describe("keepBranchOrder", () => {
  it("puts each condition's true side above its false side, outer conditions first", () => {
    const boxes = new Map([
      ["c1", box(0, 100)],
      ["c2", box(300, 200)],
      ["a", box(600, 300)],
      ["b", box(600, 200)],
      ["d", box(300, 0)],
    ]);
    const edges = [
      { source: "c1", target: "c2", sourcePort: "true" },
      { source: "c1", target: "d", sourcePort: "false" },
      { source: "c2", target: "a", sourcePort: "true" },
      { source: "c2", target: "b", sourcePort: "false" },
    ];
    keepBranchOrder(boxes, (id) => types[id] ?? "noop", edges, 40);
    const y = (id: string) => boxes.get(id)!.y;
    expect(y("a")).toBeLessThan(y("b"));
    // Everything on c1's true side (c2, a, b) is above its false side (d), with the gap kept.
    expect(Math.max(y("c2"), y("a"), y("b")) + 60 + 40).toBeLessThanOrEqual(y("d"));
  });

  it("leaves a layout already in order, and the join both branches reach, where they are", () => {
    const boxes = new Map([
      ["c1", box(0, 50)],
      ["t", box(300, 0)],
      ["f", box(300, 100)],
      ["join", box(600, 50)],
    ]);
    const edges = [
      { source: "c1", target: "t", sourcePort: "true" },
      { source: "c1", target: "f", sourcePort: "false" },
      { source: "t", target: "join" },
      { source: "f", target: "join" },
    ];
    const before = JSON.stringify([...boxes]);
    keepBranchOrder(boxes, (id) => types[id] ?? "noop", edges, 40);
    expect(JSON.stringify([...boxes])).toBe(before);
  });
});
