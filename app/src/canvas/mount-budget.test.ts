import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { createMountBudget } from "./mount-budget.ts";
import { manualFrames } from "./manual-frames.ts";

const { frame } = manualFrames();

const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `n${from + i}`);

describe("mount budget", () => {
  it("adds new items over frames, nearest first, and removes items that left at once", () => {
    createRoot((dispose) => {
      const budget = createMountBudget();
      const distance = (id: string) => Math.abs(Number(id.slice(1)) - 500);
      budget.setTarget(ids(1000), (a, b) => distance(a) - distance(b));
      expect(budget.items()).toEqual([]);
      expect(budget.filling()).toBe(true);
      frame();
      const first = budget.items();
      expect(first.length).toBeGreaterThan(0);
      expect(first.length).toBeLessThan(1000);
      expect(first[0]).toBe("n500");
      for (let i = 0; i < 200 && budget.filling(); i++) frame();
      expect(new Set(budget.items())).toEqual(new Set(ids(1000)));
      expect(budget.filling()).toBe(false);
      budget.setTarget(ids(10));
      expect(new Set(budget.items())).toEqual(new Set(ids(10)));
      dispose();
    });
  });
});
