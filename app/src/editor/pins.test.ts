import * as Y from "yjs";
import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { createUndoManager, readFlow, removeElements, writeFlow } from "../flow-doc/index.ts";
import type { Flow } from "@nexus-flow/shared";
import { pinFromRecord, trackPins } from "./pins.ts";

//   s ─► c (condition) ─true─► t
//                      └false─► f
const flow: Flow = {
  schemaVersion: 1, id: "f", name: "F",
  nodes: [
    { id: "s", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "c", type: "condition", position: { x: 200, y: 0 }, config: { expression: "input.ok" } },
  ],
  edges: [{ id: "e1", source: "s", target: "c" }],
};

describe("pins keep their branch (engine rule N1)", () => {
  it("a recorded output on `false` pins with its port; on the first port, or for one-port nodes, without", () => {
    expect(pinFromRecord({ status: "succeeded", output: { ok: false }, port: "false" }, ["true", "false"])).toEqual({ value: { ok: false }, port: "false" });
    expect(pinFromRecord({ status: "succeeded", output: 1, port: "true" }, ["true", "false"])).toEqual({ value: 1 });
    expect(pinFromRecord({ status: "succeeded" }, ["out"])).toEqual({ value: null });
    expect(pinFromRecord({ status: "failed", output: 1 }, ["out"])).toBeUndefined();
    expect(pinFromRecord(undefined, ["out"])).toBeUndefined();
  });

  it("the port goes to runs and the flow file, leaves with the pin or the node, and undoes with it", () => {
    createRoot((dispose) => {
      const doc = writeFlow(new Y.Doc(), flow);
      const undo = createUndoManager(doc);
      const pins = trackPins(doc);
      pins.set("c", { ok: false }, "false");
      expect(pins.portOf("c")).toBe("false");
      expect(pins.forRun()).toEqual({ pinned: { c: { ok: false } }, pinnedPorts: { c: "false" } });
      expect(readFlow(doc)).toMatchObject({ pinData: { c: { ok: false } }, pinPorts: { c: "false" } });
      // A file round-trips the port.
      const copy = writeFlow(new Y.Doc(), readFlow(doc));
      expect(trackPins(copy).forRun().pinnedPorts).toEqual({ c: "false" });
      undo.stopCapturing();
      pins.setPort("c", undefined);
      expect(pins.forRun().pinnedPorts).toEqual({});
      undo.undo();
      expect(pins.portOf("c")).toBe("false");
      undo.stopCapturing();
      pins.set("c", undefined);
      expect(readFlow(doc).pinPorts).toBeUndefined();
      undo.undo();
      pins.set("c", 1, "false");
      removeElements(doc, ["c"]);
      expect(pins.portOf("c")).toBeUndefined();
      expect(readFlow(doc)).not.toHaveProperty("pinPorts");
      dispose();
    });
  });
});
