import * as Y from "yjs";
import type { StickyNote } from "@nexus-flow/shared";

/**
 * Sticky notes live in the flow's Y.Doc beside the nodes, the same way: a `Y.Map` keyed by
 * note id, one `Y.Map` of fields per note, so two people moving or editing two notes never
 * conflict and a note syncs, persists and undoes like a node.
 *
 *   notes: Y.Map<noteId, Y.Map { text, position, size, color? }>
 */
export type NoteMap = Y.Map<unknown>;
export const notesOf = (doc: Y.Doc) => doc.getMap<NoteMap>("notes");

export function noteMapOf(note: StickyNote): NoteMap {
  const map = new Y.Map<unknown>();
  map.set("text", note.text);
  map.set("position", { ...note.position });
  map.set("size", { ...note.size });
  if (note.color !== undefined) map.set("color", note.color);
  return map;
}

/** One note as plain data, copied (Yjs keeps the objects it was given as its history). */
export function noteFromMap(id: string, map: NoteMap): StickyNote {
  const note: Record<string, unknown> = { id, text: String(map.get("text") ?? ""), position: structuredClone(map.get("position")), size: structuredClone(map.get("size")) };
  if (map.get("color") !== undefined) note.color = map.get("color");
  return note as unknown as StickyNote;
}

/** Adds the notes to the doc (call inside the caller's transaction). */
export function writeNotes(doc: Y.Doc, notes: readonly StickyNote[] | undefined): void {
  for (const note of notes ?? []) notesOf(doc).set(note.id, noteMapOf(note));
}

/** The doc's notes sorted by id (stable exports), or undefined when it has none, as older files. */
export function readNotes(doc: Y.Doc): StickyNote[] | undefined {
  const entries = [...notesOf(doc).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length ? entries.map(([id, map]) => noteFromMap(id, map)) : undefined;
}
