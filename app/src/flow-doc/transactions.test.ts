import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import type { Flow } from "@nexus-flow/shared";
import { changedDoc, movedNodesOnly } from "./transactions.ts";
import { moveNodes, renameFlow, setNodeField } from "./operations.ts";
import { writeFlow } from "./flow-doc.ts";

const flow: Flow = {
  schemaVersion: 1, id: "f", name: "F",
  nodes: [{ id: "a", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} }],
  edges: [],
};

/** What `afterTransaction` saw for each transaction `act` ran. */
function transactionsOf(doc: Y.Doc, act: () => void): Array<{ changed: boolean; moves: boolean }> {
  const seen: Array<{ changed: boolean; moves: boolean }> = [];
  const listen = (tr: Y.Transaction) => seen.push({ changed: changedDoc(tr), moves: movedNodesOnly(doc, tr) });
  doc.on("afterTransaction", listen);
  act();
  doc.off("afterTransaction", listen);
  return seen;
}

describe("finished transactions", () => {
  it("tell moves made here from other edits, and a re-applied update from a change", () => {
    const doc = writeFlow(new Y.Doc(), flow);
    expect(transactionsOf(doc, () => moveNodes(doc, [{ id: "a", x: 5, y: 5 }]))).toEqual([{ changed: true, moves: true }]);
    expect(transactionsOf(doc, () => setNodeField(doc, "a", "label", "Go"))).toEqual([{ changed: true, moves: false }]);
    expect(transactionsOf(doc, () => renameFlow(doc, "G"))).toEqual([{ changed: true, moves: false }]);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    // A peer's move is not "made here": it is checked like any other change from outside.
    const update = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(copy));
    moveNodes(doc, [{ id: "a", x: 9, y: 9 }]);
    const peerMove = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(copy));
    expect(transactionsOf(copy, () => Y.applyUpdate(copy, peerMove))).toEqual([{ changed: true, moves: false }]);
    expect(transactionsOf(copy, () => Y.applyUpdate(copy, peerMove))).toEqual([{ changed: false, moves: false }]);
    expect(transactionsOf(copy, () => Y.applyUpdate(copy, update))).toEqual([{ changed: false, moves: false }]);
  });
});
