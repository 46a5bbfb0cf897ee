import type * as Y from "yjs";
import type { StickyNote } from "@nexus-flow/shared";
import { localOrigin } from "./flow-doc.ts";
import { noteMapOf, notesOf } from "./notes.ts";

/** Note edits, each one local transaction: one undo step and one update to peers. */
export function addNote(doc: Y.Doc, note: StickyNote): void {
  doc.transact(() => notesOf(doc).set(note.id, noteMapOf(note)), localOrigin);
}

/** Sets some fields of a note (text, position, size, color); `undefined` removes `color`. */
export function updateNote(doc: Y.Doc, id: string, fields: Partial<Omit<StickyNote, "id">>): void {
  doc.transact(() => {
    const map = notesOf(doc).get(id);
    if (!map) return;
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) map.delete(key);
      else map.set(key, typeof value === "object" ? { ...value } : value);
    }
  }, localOrigin);
}

export function removeNote(doc: Y.Doc, id: string): void {
  doc.transact(() => notesOf(doc).delete(id), localOrigin);
}
