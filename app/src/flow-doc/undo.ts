import * as Y from "yjs";
import { edgesOf, localOrigin, metaOf, nodesOf, pinPortsOf, pinsOf } from "./flow-doc.ts";
import { notesOf } from "./notes.ts";

/**
 * Undo/redo of this tab's own edits only: a collaborator's changes are never undone by
 * your Ctrl+Z. Edits within 500 ms merge into one step (a drag is one step, not sixty).
 */
export function createUndoManager(doc: Y.Doc): Y.UndoManager {
  return new Y.UndoManager([nodesOf(doc), edgesOf(doc), metaOf(doc), notesOf(doc), pinsOf(doc), pinPortsOf(doc)], { trackedOrigins: new Set([localOrigin]), captureTimeout: 500 });
}
