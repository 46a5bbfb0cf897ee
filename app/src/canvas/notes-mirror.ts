import type * as Y from "yjs";
import { createStore, reconcile } from "solid-js/store";
import { dict, type StickyNote } from "@nexus-flow/shared";
import { noteFromMap, notesOf } from "../flow-doc/index.ts";

/**
 * The doc's sticky notes as a Solid store keyed by id, updated one note at a time (a note
 * being dragged re-renders itself only). Mirrors the nodes' doc-mirror.ts.
 */
export function mirrorNotes(doc: Y.Doc): { notes: Record<string, StickyNote>; dispose(): void } {
  const map = notesOf(doc);
  const [notes, setNotes] = createStore<Record<string, StickyNote>>(dict());
  const update = (id: string) => {
    const note = map.get(id);
    setNotes(id, note ? reconcile(noteFromMap(id, note)) : undefined!);
  };
  for (const id of map.keys()) update(id);
  const onChange = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    const touched = new Set<string>();
    for (const event of events) {
      if (event.target === map) for (const key of (event as Y.YMapEvent<unknown>).keysChanged) touched.add(key);
      else touched.add(event.target._item?.parentSub ?? "");
    }
    for (const id of touched) update(id);
  };
  map.observeDeep(onChange);
  return { notes, dispose: () => map.unobserveDeep(onChange) };
}

/**
 * Makes one gesture (a drag, a resize) a single undo step however long it lasts, and not
 * merged with the edit before it, as node-drag.ts does for nodes. Returns the ending call.
 */
export function beginUndoStep(undo: Y.UndoManager): () => void {
  undo.stopCapturing();
  const saved = undo.captureTimeout;
  undo.captureTimeout = Number.POSITIVE_INFINITY;
  return () => {
    undo.captureTimeout = saved;
    undo.stopCapturing();
  };
}

/**
 * Follows a pointer from `event` until it is released, reporting the distance moved in flow
 * units (screen pixels divided by the zoom).
 */
export function followPointer(event: PointerEvent, zoom: number, onMove: (dx: number, dy: number) => void, onEnd: () => void): void {
  const target = event.currentTarget as HTMLElement;
  const [x0, y0] = [event.clientX, event.clientY];
  target.setPointerCapture(event.pointerId);
  const move = (next: PointerEvent) => onMove((next.clientX - x0) / zoom, (next.clientY - y0) / zoom);
  const end = () => {
    target.removeEventListener("pointermove", move);
    target.removeEventListener("pointerup", end);
    target.removeEventListener("pointercancel", end);
    onEnd();
  };
  target.addEventListener("pointermove", move);
  target.addEventListener("pointerup", end);
  target.addEventListener("pointercancel", end);
}

/**
 * Every note's box, read from the doc (no copies): fit view includes the notes, so a note
 * beside the flow is never left out of view.
 * @example viewport.fitView(lookup.nodeLookup, { also: noteBoxes(doc) })
 */
export function noteBoxes(doc: Y.Doc): Array<{ x: number; y: number; width: number; height: number }> {
  return [...notesOf(doc).values()].flatMap((map) => {
    const at = map.get("position") as { x: number; y: number } | undefined;
    const size = map.get("size") as { width: number; height: number } | undefined;
    return at && size ? [{ x: at.x, y: at.y, width: size.width, height: size.height }] : [];
  });
}
