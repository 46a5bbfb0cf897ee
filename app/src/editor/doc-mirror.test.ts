import * as Y from "yjs";
import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { addNodes, moveNodes, removeElements, setConfigField, writeFlow, connect, readFlow } from "../flow-doc/index.ts";
import type { Flow } from "@nexus-flow/shared";
import { mirrorDoc } from "./doc-mirror.ts";

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
});
