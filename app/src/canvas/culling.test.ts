import { createRoot, createSignal } from "solid-js";
import { describe, expect, it } from "vitest";
import type { DocView } from "../editor/doc-mirror.ts";
import type { CanvasInternalNode, FlowLookup } from "./flow-lookup.ts";
import type { CanvasViewport } from "./viewport.ts";
import { createCulling } from "./culling.ts";
import { manualFrames } from "./manual-frames.ts";

// Under Node, solid-js is its server build: effects do not run, so each test calls `compute()`
// where the canvas's effect would (on a change of selection or overview); the geometry listener
// is a plain callback and runs as in the app.

const { settle } = manualFrames();

const card = (x: number, y: number) => ({ internals: { positionAbsolute: { x, y } }, measured: { width: 100, height: 40 }, type: "transform" }) as unknown as CanvasInternalNode;

/**
 * 400 nodes (above `cullAbove`): n0…n199 in a 1,000 px view at the origin, n200…n399 far to
 * the right of it. The view is 1,000 × 1,000 at zoom 1.
 */
function setup() {
  const nodeLookup = new Map<string, CanvasInternalNode>();
  for (let i = 0; i < 400; i++) nodeLookup.set(`n${i}`, i < 200 ? card((i % 20) * 45, Math.floor(i / 20) * 90) : card(50_000 + i * 200, 0));
  const listeners = new Set<() => void>();
  const lookup = { nodeLookup, onGeometryChange: (listener: () => void) => (listeners.add(listener), () => listeners.delete(listener)) } as unknown as FlowLookup;
  const [transform, setTransform] = createSignal<[number, number, number]>([0, 0, 1]);
  const [size] = createSignal({ width: 1000, height: 1000 });
  const viewport = { transform, size } as unknown as CanvasViewport;
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  const [overview, setOverview] = createSignal(false);
  const culling = createCulling({ edges: {} } as unknown as DocView, lookup, viewport, selected, overview);
  const moved = () => listeners.forEach((listener) => listener());
  return { culling, nodeLookup, setSelected, setOverview, moved, setTransform };
}

const far = Array.from({ length: 200 }, (_, i) => `n${200 + i}`);

describe("culling", () => {
  it("draws no card for a selected node away from the view, and keeps a drawn selected card that leaves it", () => {
    const { culling, nodeLookup, setSelected, moved, dispose } = createRoot((dispose) => ({ ...setup(), dispose }));
    {
      culling.compute();
      settle();
      expect(culling.nodes()).toHaveLength(200);

      // A paste of 200 (selected) nodes far away: no card for any of them.
      setSelected(new Set([...far, "n0"]));
      culling.compute();
      settle();
      expect(culling.nodes()).toHaveLength(200);
      expect(culling.nodes().some((id) => far.includes(id))).toBe(false);

      // Dragged far out of the view, the selected n0 keeps its card; the unselected n1 loses its own.
      nodeLookup.set("n0", card(90_000, 0));
      nodeLookup.set("n1", card(90_000, 500));
      moved();
      settle();
      expect(culling.nodes()).toContain("n0");
      expect(culling.nodes()).not.toContain("n1");

      // A selected node that comes into view gets its card.
      nodeLookup.set("n250", card(300, 300));
      moved();
      settle();
      expect(culling.nodes()).toContain("n250");
      dispose();
    }
  });

  it("in the overview, selecting adds no card and nodes that went lose theirs", () => {
    const { culling, nodeLookup, setSelected, setOverview, moved, dispose } = createRoot((dispose) => ({ ...setup(), dispose }));
    {
      culling.compute();
      settle();
      setOverview(true);
      culling.compute();
      settle();
      setSelected(new Set(nodeLookup.keys()));
      culling.compute();
      settle();
      expect(culling.nodes()).toHaveLength(200);
      nodeLookup.delete("n5");
      moved();
      settle();
      expect(culling.nodes()).toHaveLength(199);
      expect(culling.nodes()).not.toContain("n5");
      dispose();
    }
  });

  it("recounts in the drawn region when nodes move, and moves the region only when asked", () => {
    const { culling, nodeLookup, moved, setTransform, dispose } = createRoot((dispose) => ({ ...setup(), dispose }));
    {
      culling.compute(); // region: the view (0…1,000) and a view each side, -1,000…2,000
      settle();
      const before = [...culling.nodes()].sort();
      // The view pans 800 px right, still inside the region (the canvas's effect asks for no
      // move there); then a node moves (the first step of a drag). n0 moves within the region,
      // n201 to x = 2,500: beyond the region drawn, though inside one centred on the view now.
      setTransform([-800, 0, 1]);
      nodeLookup.set("n0", card(100, 100));
      nodeLookup.set("n201", card(2_500, 0));
      moved();
      settle();
      expect([...culling.nodes()].sort()).toEqual(before);
      // Asked to (the view left the region, or the overview ended), it moves to the view.
      culling.compute();
      settle();
      expect(culling.nodes()).toContain("n201");
      dispose();
    }
  });
});
