import type * as Y from "yjs";
import { createSignal, type Accessor } from "solid-js";
import { createUndoManager } from "../flow-doc/index.ts";
import { mirrorDoc, type DocView } from "./doc-mirror.ts";
import { createSelection, type Selection } from "./selection.ts";
import { trackFlowIssues, type FlowIssues } from "./flow-issues.ts";
import type { CollabSession } from "../collab/collab-session.ts";

/** Everything the editor's parts share about the open flow. Created inside a Solid root. */
export interface EditorSession {
  readonly flowId: string;
  readonly doc: Y.Doc;
  readonly view: DocView;
  readonly undo: Y.UndoManager;
  readonly selection: Selection;
  readonly issues: Accessor<FlowIssues>;
  /** A published version opened read-only, or a viewer in a shared room. */
  readonly readOnly: Accessor<boolean>;
  /** Opened from a view link: sees runs, cannot start them. */
  readonly viewer: Accessor<boolean>;
  /** The flow's room connection and presence while it is shared (loaded lazily). */
  readonly collab: Accessor<CollabSession | undefined>;
  setCollab(collab: CollabSession | undefined): void;
  dispose(): void;
}

export function createEditorSession(flowId: string, doc: Y.Doc, readOnly: Accessor<boolean>, viewer: Accessor<boolean> = () => false): EditorSession {
  const mirror = mirrorDoc(doc);
  const undo = createUndoManager(doc);
  const [collab, setCollab] = createSignal<CollabSession>();
  return {
    flowId,
    doc,
    view: mirror.view,
    undo,
    selection: createSelection(),
    issues: trackFlowIssues(doc),
    readOnly,
    viewer,
    collab,
    setCollab,
    dispose() {
      mirror.dispose();
      undo.destroy();
    },
  };
}
