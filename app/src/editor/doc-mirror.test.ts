import * as Y from "yjs";
import { createRoot } from "solid-js";
import { unwrap } from "solid-js/store";
import { describe, expect, it } from "vitest";
import { addNodes, nodesOf, createUndoManager, moveNodes, removeElements, setConfigField, setNodeField, writeFlow, connect, readFlow, pasteFragment } from "../flow-doc/index.ts";
import type { Flow } from "@nexus-flow/shared";
import { mirrorDoc } from "./doc-mirror.ts";
import { displayNames } from "./node-names.ts";

const flow: Flow = {
  schemaVersion: 1, id: "f", name: "F",
  nodes: [
    { id: "a", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "b", type: "transform", position: { x: 200, y: 0 }, config: { code: "return 1" } },
  ],
  edges: [{ id: "e1", source: "a", target: "b" }],
};

describe("doc mirror", () => {
  it("follows moves, config edits, removals and new edges, and round-trips to a flow", () => {
    createRoot((dispose) => {
      const doc = writeFlow(new Y.Doc(), flow);
      const { view } = mirrorDoc(doc);
      expect(readFlow(doc)).toEqual(flow);
      const before = view.nodes.a;
      moveNodes(doc, [{ id: "b", x: 5, y: 6 }]);
      setConfigField(doc, "b", "code", "return 2");
      expect(view.nodes.b).toMatchObject({ position: { x: 5, y: 6 }, config: { code: "return 2" } });
      expect(view.nodes.a).toBe(before); // untouched nodes keep their identity: no re-render
      addNodes(doc, [{ id: "c", type: "noop", position: { x: 0, y: 0 }, config: {} }]);
      expect(connect(doc, { id: "e2", source: "b", target: "c" })).toEqual({ ok: true });
      expect(connect(doc, { id: "e3", source: "c", target: "b" })).toEqual({ ok: false, reason: "this would create a cycle: b → c → b" });
      expect(connect(doc, { id: "e4", source: "c", target: "a" })).toMatchObject({ ok: false, reason: expect.stringContaining("trigger") });
      expect(Object.keys(view.edges).sort()).toEqual(["e1", "e2"]);
      removeElements(doc, ["b"]);
      expect(view.nodes.b).toBeUndefined();
      expect(Object.keys(view.edges)).toEqual([]);
      dispose();
    });
  });

  it("moves and labels change that field only; removed nodes come back whole with undo; the store never shares the doc's objects", () => {
    createRoot((dispose) => {
      const doc = writeFlow(new Y.Doc(), flow);
      const undo = createUndoManager(doc);
      const { view } = mirrorDoc(doc);
      const config = view.nodes.b!.config;
      moveNodes(doc, [{ id: "a", x: 10, y: 20 }, { id: "b", x: 30, y: 40 }]);
      expect(view.nodes.b!.config).toBe(config); // a move copies no config
      setNodeField(doc, "b", "label", "Double it");
      expect(view.nodes.b).toMatchObject({ label: "Double it", position: { x: 30, y: 40 } });
      setNodeField(doc, "b", "label", undefined);
      expect("label" in view.nodes.b!).toBe(false);
      undo.stopCapturing();
      removeElements(doc, ["a", "b"]);
      expect(Object.keys(view.nodes)).toEqual([]);
      undo.undo();
      expect(view.nodes.b).toEqual({ id: "b", type: "transform", position: { x: 30, y: 40 }, config: { code: "return 1" } });
      expect(Object.keys(view.edges)).toEqual(["e1"]);
      (view.nodes.b!.position as { x: number }).x = 999; // a stray write into the store's copy…
      expect(readFlow(doc).nodes[1]!.position).toEqual({ x: 30, y: 40 }); // …never reaches the doc
      dispose();
    });
  });

  it("follows a paste of nodes and edges in one transaction, and moves a node's position in place", () => {
    createRoot((dispose) => {
      const doc = writeFlow(new Y.Doc(), flow);
      const { view } = mirrorDoc(doc);
      const fragment = { kind: "nexus-flow/fragment" as const, nodes: flow.nodes, edges: flow.edges };
      let n = 0;
      const pasted = pasteFragment(doc, fragment, { x: 10, y: 10 }, (base) => `${base}-${++n}`);
      expect(pasted).toEqual({ nodes: ["trigger.manual-1", "transform-2"], edges: ["edge-3"] });
      expect(view.nodes["transform-2"]).toMatchObject({ position: { x: 210, y: 10 } });
      expect(view.edges["edge-3"]).toEqual({ id: "edge-3", source: "trigger.manual-1", target: "transform-2" });
      const position = view.nodes.a!.position;
      moveNodes(doc, [{ id: "a", x: 40, y: 60 }]);
      expect(view.nodes.a!.position).toBe(position); // x and y change; the object stays
      expect(position).toEqual({ x: 40, y: 60 });
      expect(readFlow(doc).nodes.find((node) => node.id === "a")!.position).not.toBe(position);
      dispose();
    });
  });

  it("moves namesVersion on for nodes that come or go and for a new label or type, not for moves", () => {
    createRoot((dispose) => {
      const doc = writeFlow(new Y.Doc(), flow);
      const { view, namesVersion } = mirrorDoc(doc);
      // What the editor session's names read: the plain nodes, whenever namesVersion moves.
      const names = () => displayNames(unwrap(view.nodes));
      let seen = namesVersion();
      const moved = () => seen !== namesVersion() && ((seen = namesVersion()), true);
      moveNodes(doc, [{ id: "b", x: 5, y: 6 }]);
      expect(moved()).toBe(false);
      setNodeField(doc, "b", "label", "Double it");
      expect(moved() && names().get("b")).toBe("Double it");
      addNodes(doc, [{ id: "c", type: "transform", position: { x: 0, y: 0 }, config: { code: "" } }]);
      expect(moved() && names().get("c")).toBe("Code");
      setNodeField(doc, "b", "label", undefined);
      expect(moved() && [names().get("b"), names().get("c")]).toEqual(["Code", "Code 2"]);
      removeElements(doc, ["b"]);
      expect(moved() && names().get("c")).toBe("Code");
      doc.transact(() => nodesOf(doc).get("c")!.set("type", "noop")); // a peer's change of type
      expect(moved() && names().get("c")).toBe(displayNames({ c: { type: "noop" } }).get("c"));
      moveNodes(doc, [{ id: "c", x: 1, y: 1 }]);
      expect(moved()).toBe(false);
      dispose();
    });
  });
});
