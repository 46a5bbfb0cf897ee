import { describe, expect, it } from "vitest";
import { gridStep } from "./overview-grid.ts";

describe("gridStep", () => {
  it("spaces the dots a grid cell apart on screen, five cells while a cell is under 10 px", () => {
    expect(gridStep(1).gap).toBe(20);
    expect(gridStep(0.4).gap).toBeCloseTo(40);
    expect(gridStep(0.25).gap).toBeCloseTo(25);
    expect(gridStep(0.1).gap).toBeCloseTo(10);
    expect(gridStep(0.05).gap).toBeCloseTo(25);
  });

  it("draws the dots in tiles a power of √2 within a factor √√2 of the spacing", () => {
    for (const zoom of [0.1, 0.17, 0.33, 0.5, 0.64, 1, 1.7, 2.5]) {
      const { gap, painted } = gridStep(zoom);
      expect(Number.isInteger(Math.log2(painted) * 2)).toBe(true);
      expect(Math.abs(Math.log2(gap / painted))).toBeLessThanOrEqual(0.25 + 1e-9);
    }
  });
});
