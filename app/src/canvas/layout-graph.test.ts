import { describe, expect, it } from "vitest";
import { layoutGraph } from "./layout-graph.ts";

describe("layout graph (the layout worker's work)", () => {
  it("places a chain left to right and the branches of a fork apart, without overlap", () => {
    //   n0 → n1 → n2
    //          ↘ n3
    const size = { width: 220, height: 56 };
    const placed = layoutGraph({
      nodes: ["n0", "n1", "n2", "n3"].map((key) => ({ key, ...size })),
      edges: [["n0", "n1"], ["n1", "n2"], ["n1", "n3"]],
    });
    expect(placed.n0!.x).toBeLessThan(placed.n1!.x);
    expect(placed.n1!.x).toBeLessThan(placed.n2!.x);
    expect(placed.n2!.x).toBe(placed.n3!.x);
    expect(Math.abs(placed.n2!.y - placed.n3!.y)).toBeGreaterThanOrEqual(56);
  });
});
