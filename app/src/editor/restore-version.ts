import type * as Y from "yjs";
import type { Flow } from "@nexus-flow/shared";
import { replaceContent } from "../storage/flows-repo.ts";

/**
 * Restoring a version replaces the whole draft, so it must never lose work silently: it asks
 * first when the draft holds something no version has (`FlowsRepo.hasUnpublishedWork`), and it is one
 * step of the draft editor's undo history (`replaceDraft`). A version viewed read-only has
 * no undo history of the draft, so "Restore as draft" there hands the restore over to the
 * draft's editor (`restoreWhenDraftOpens`), which performs it under its own undo manager.
 */

/** Replaces the draft's content with `flow` as one undo step of `undo` (not merged with an edit just before or after). */
export function replaceDraft(doc: Y.Doc, undo: Y.UndoManager, flow: Flow): void {
  undo.stopCapturing();
  replaceContent(doc, flow);
  undo.stopCapturing();
}

const pending = new Map<string, number>();

/** Asks the draft editor of `flowId`, when it opens next, to restore `version` (see above). */
export function restoreWhenDraftOpens(flowId: string, version: number): void {
  pending.set(flowId, version);
}

/** The version the draft editor of `flowId` should restore as it opens, once. */
export function takePendingRestore(flowId: string): number | undefined {
  const version = pending.get(flowId);
  pending.delete(flowId);
  return version;
}
