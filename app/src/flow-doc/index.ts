export * from "./flow-doc.ts";
export * from "./operations.ts";
export * from "./clipboard.ts";
export { createUndoManager } from "./undo.ts";
export { newElementId } from "./ids.ts";
export { sameFlow } from "./same-flow.ts";
export { notesOf, noteFromMap, type NoteMap } from "./notes.ts";
export { addNote, updateNote, removeNote } from "./note-edits.ts";
export { copyJson } from "./copy-json.ts";
