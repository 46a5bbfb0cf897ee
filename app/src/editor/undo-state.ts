import type * as Y from "yjs";
import { createSignal, onCleanup, type Accessor } from "solid-js";

/** Whether there is anything to undo or redo, as signals: Undo is disabled when it would do nothing. */
export function trackUndoStacks(undo: Y.UndoManager): { canUndo: Accessor<boolean>; canRedo: Accessor<boolean> } {
  const [canUndo, setCanUndo] = createSignal(undo.undoStack.length > 0);
  const [canRedo, setCanRedo] = createSignal(undo.redoStack.length > 0);
  const sync = () => (setCanUndo(undo.undoStack.length > 0), setCanRedo(undo.redoStack.length > 0));
  const events = ["stack-item-added", "stack-item-popped", "stack-cleared"] as const;
  for (const name of events) undo.on(name, sync);
  onCleanup(() => {
    for (const name of events) undo.off(name, sync);
  });
  return { canUndo, canRedo };
}
