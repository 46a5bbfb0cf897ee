import { describe, expect, it } from "vitest";
import { thinEdges, thinEdgesBelow } from "./edge-width.ts";

// Under Node, solid-js is its server build (memos do not track): the memo's rule is tested as a
// fold over a gesture's steps; the browser test (canvas-big-flow.e2e) checks the class in the app.

describe("thin edges", () => {
  it("are thin below the threshold zoom and not at or above it", () => {
    expect(thinEdges(false, 0.64, false)).toBe(true);
    expect(thinEdges(true, thinEdgesBelow, false)).toBe(false);
    expect(thinEdges(true, 1.5, false)).toBe(false);
  });

  it("keep their width while the view moves, and switch once it stops", () => {
    const steps: [zoom: number, moving: boolean, thin: boolean][] = [
      [1, false, false],
      [0.9, true, false],
      [0.5, true, false], // zoomed out past the threshold, still moving
      [0.5, false, true], // stopped: now thin
      [1.2, true, true],
      [1.2, false, false],
    ];
    let was = false;
    for (const [zoom, moving, thin] of steps) {
      was = thinEdges(was, zoom, moving);
      expect(was, `zoom ${zoom}, moving ${moving}`).toBe(thin);
    }
  });
});
