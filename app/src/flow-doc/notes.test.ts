import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import type { Flow } from "@nexus-flow/shared";
import { readFlow, writeFlow } from "./flow-doc.ts";
import { addNote, removeNote, updateNote } from "./note-edits.ts";
import { createUndoManager } from "./undo.ts";

const flow: Flow = {
  schemaVersion: 1,
  id: "f",
  name: "F",
  nodes: [{ id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} }],
  edges: [],
  notes: [{ id: "n1", text: "# Hi", position: { x: 1, y: 2 }, size: { width: 200, height: 100 }, color: "pink" }],
};

describe("notes in the flow doc", () => {
  it("round-trips through the doc, and a flow without notes stays without", () => {
    expect(readFlow(writeFlow(new Y.Doc(), flow))).toEqual(flow);
    const { notes: _, ...bare } = flow;
    expect(readFlow(writeFlow(new Y.Doc(), bare))).toEqual(bare);
  });

  it("undoes note edits like node edits, syncing them to another replica", () => {
    const doc = writeFlow(new Y.Doc(), flow);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    doc.on("update", (update: Uint8Array) => Y.applyUpdate(peer, update));
    const undo = createUndoManager(doc);
    updateNote(doc, "n1", { position: { x: 50, y: 60 } });
    undo.stopCapturing();
    addNote(doc, { id: "n2", text: "b", position: { x: 0, y: 0 }, size: { width: 100, height: 80 } });
    expect(readFlow(peer).notes?.map((note) => note.id)).toEqual(["n1", "n2"]);
    expect(readFlow(peer).notes?.[0]?.position).toEqual({ x: 50, y: 60 });
    undo.undo();
    expect(readFlow(peer).notes?.map((note) => note.id)).toEqual(["n1"]);
    undo.undo();
    expect(readFlow(peer).notes?.[0]?.position).toEqual({ x: 1, y: 2 });
    removeNote(doc, "n1");
    expect(readFlow(peer).notes).toBeUndefined();
  });
});
