import * as Y from "yjs";
import { createRoot } from "solid-js";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Flow } from "@nexus-flow/shared";
import { addNodes, moveNodes, removeElements, writeFlow } from "../flow-doc/index.ts";
import { mirrorDoc } from "../editor/doc-mirror.ts";
import { createSelection } from "../editor/selection.ts";
import { createFlowLookup, type FlowLookup } from "./flow-lookup.ts";
import { defaultSize, handleBoundsOf } from "./node-geometry.ts";

// Under Node, solid-js is its server build: a computation runs once, as it is created, and does
// not run again. What these tests check is what the lookup holds before its tracking starts
// and what starting it (the computations' first run) makes of the changes made meanwhile.

// Cards are measured by a ResizeObserver, which Node lacks: none is measured here.
beforeAll(() => vi.stubGlobal("ResizeObserver", class { observe() {} unobserve() {} disconnect() {} }));

const flow: Flow = {
  schemaVersion: 1,
  id: "f",
  name: "F",
  nodes: [
    { id: "a", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "b", type: "transform", position: { x: 300, y: 0 }, config: { code: "return input;" } },
    { id: "c", type: "condition", position: { x: 600, y: 0 }, config: { expression: "input.ok" } },
  ],
  edges: [],
};

/** A lookup of `flow` whose tracking starts when the test says (`start`), or at once. */
function setup(deferred: boolean) {
  return createRoot((dispose) => {
    const doc = writeFlow(new Y.Doc(), flow);
    const mirror = mirrorDoc(doc);
    const selection = createSelection();
    selection.select({ nodes: ["b"] });
    let start: (() => void) | undefined;
    const lookup = createFlowLookup(mirror.view, selection, deferred ? (callback) => void (start = callback) : undefined);
    let told = 0;
    lookup.onGeometryChange(() => told++);
    return { doc, lookup, start: () => start!(), told: () => told, dispose: () => (lookup.dispose(), mirror.dispose(), dispose()) };
  });
}

/** What XYDrag, culling and the overview read of a node. */
const geometry = (lookup: FlowLookup, id: string) => {
  const entry = lookup.nodeLookup.get(id);
  return entry && { type: entry.type, at: entry.internals.positionAbsolute, measured: entry.measured, handles: entry.internals.handleBounds, selected: entry.selected };
};

describe("flow lookup", () => {
  it("holds every node's geometry at once, the same whether its tracking starts at once or later", () => {
    const now = setup(false);
    const later = setup(true);
    for (const { id, type, position } of flow.nodes) {
      const size = defaultSize(type);
      const expected = { type, at: position, measured: size, handles: handleBoundsOf(id, type, size), selected: id === "b" };
      expect(geometry(now.lookup, id)).toEqual(expected);
      expect(geometry(later.lookup, id)).toEqual(expected);
    }
    now.dispose();
    later.dispose();
  });

  it("started later, takes in the nodes moved, removed and added meanwhile, and says the geometry changed", () => {
    const { doc, lookup, start, told, dispose } = setup(true);
    const untouched = lookup.nodeLookup.get("a");
    moveNodes(doc, [{ id: "b", x: 40, y: 80 }]);
    removeElements(doc, ["c"]);
    addNodes(doc, [{ id: "d", type: "transform", position: { x: 900, y: 0 }, config: { code: "return input;" } }]);
    // Not tracked yet: the entries are the nodes as they were.
    expect(geometry(lookup, "b")?.at).toEqual({ x: 300, y: 0 });
    expect(lookup.nodeLookup.has("c")).toBe(true);
    expect(told()).toBe(0);

    start();
    expect(geometry(lookup, "b")?.at).toEqual({ x: 40, y: 80 });
    expect(lookup.nodeLookup.has("c")).toBe(false);
    expect(geometry(lookup, "d")).toMatchObject({ type: "transform", at: { x: 900, y: 0 }, selected: false });
    expect([...lookup.nodeLookup.keys()].sort()).toEqual(["a", "b", "d"]);
    expect(lookup.nodeLookup.get("a")).toBe(untouched); // kept, not rebuilt
    expect(told()).toBeGreaterThan(0);
    dispose();
  });

  it("started later with nothing changed meanwhile, tells the geometry listeners nothing (the overview is not rebuilt)", () => {
    const { lookup, start, told, dispose } = setup(true);
    const entries = [...lookup.nodeLookup.values()];
    start();
    expect([...lookup.nodeLookup.values()]).toEqual(entries);
    expect([...lookup.nodeLookup.values()].every((entry, i) => entry === entries[i])).toBe(true);
    expect(told()).toBe(0);
    dispose();
  });

  it("disposed before its tracking starts, starts none", () => {
    const { doc, lookup, start, dispose } = setup(true);
    dispose();
    moveNodes(doc, [{ id: "b", x: 40, y: 80 }]);
    start();
    expect(geometry(lookup, "b")?.at).toEqual({ x: 300, y: 0 });
  });
});
