import type { EditorSession } from "../../editor/editor-session.ts";

/**
 * Applies one committed field edit as its own undo step: a pause in typing ends a step
 * even when the next commit follows within the undo manager's merge window.
 */
export function commitEdit(session: EditorSession, apply: () => void): void {
  session.undo.stopCapturing();
  apply();
}

/** A DOM id from parts that may hold any character (node ids, config keys). */
export const fieldId = (...parts: string[]) => `field-${parts.join("-").replace(/[^\w-]+/g, "_")}`;

