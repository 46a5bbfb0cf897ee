import { describe, expect, it } from "vitest";
import { edgeGroups, groupEdges } from "./edge-groups.ts";

describe("edge groups", () => {
  it("spreads the edges over the svgs, each edge always in the same one whatever else is drawn", () => {
    const all = Array.from({ length: 999 }, (_, i) => `e${i + 1}`);
    const groups = groupEdges(all);
    expect(groups).toHaveLength(edgeGroups);
    expect(groups.flat().sort()).toEqual([...all].sort());
    // No svg holds more than twice its share: a dragged node's edges repaint a small part of them.
    expect(Math.max(...groups.map((group) => group.length))).toBeLessThan((2 * all.length) / edgeGroups);
    const where = (groups: string[][], id: string) => groups.findIndex((group) => group.includes(id));
    const some = groupEdges(all.filter((_, i) => i % 3 === 0));
    for (const id of some.flat()) expect(where(some, id)).toBe(where(groups, id));
  });
});
