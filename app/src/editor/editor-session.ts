import type * as Y from "yjs";
import { createMemo, createSignal, getOwner, runWithOwner, type Accessor } from "solid-js";
import { unwrap } from "solid-js/store";
import { createUndoManager } from "../flow-doc/index.ts";
import { mirrorDoc, type DocView } from "./doc-mirror.ts";
import { createSelection, type Selection } from "./selection.ts";
import { trackFlowIssues, type FlowIssues } from "./flow-issues.ts";
import type { CollabSession } from "../collab/collab-session.ts";
import { displayNames } from "./node-names.ts";
import { trackPins, type Pins } from "./pins.ts";

/** Everything the editor's parts share about the open flow. Created inside a Solid root. */
export interface EditorSession {
  readonly flowId: string;
  readonly doc: Y.Doc;
  readonly view: DocView;
  readonly undo: Y.UndoManager;
  readonly selection: Selection;
  readonly issues: Accessor<FlowIssues>;
  /** Every node's name as people see it (its label, or its type's title and an ordinal). */
  readonly names: Accessor<ReadonlyMap<string, string>>;
  /**
   * How many nodes the flow has. Counted on the store's plain nodes when nodes come or go:
   * `Object.keys` of the store itself asks its proxy for every key's descriptor (1,000 of them
   * as a big flow opens, and again at each count).
   */
  readonly nodeCount: Accessor<number>;
  /** A node's name, or its id when it is not in the flow (a run of an older draft). */
  nameOf(id: string): string;
  /** The keyboard connection being picked, if any: the canvas outlines both ends. */
  readonly keyConnect: Accessor<{ source: string; target: string | undefined } | undefined>;
  setKeyConnect(value: { source: string; target: string | undefined } | undefined): void;
  /** The node being renamed in place on the canvas, if any. */
  readonly renaming: Accessor<string | undefined>;
  setRenaming(id: string | undefined): void;
  /** Pinned test data by node (the flow's `pinData`). */
  readonly pins: Pins;
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
  // Recomputed when nodes come or go or a type or label changes: dragging does not. Reads the
  // store's plain nodes, untracked (see doc-mirror.ts `namesVersion`). Worked out on first
  // read: a big flow opens far out, where nothing shows a name until the side panels come.
  const names = lazyMemo(() => (mirror.namesVersion(), displayNames(unwrap(mirror.view.nodes))));
  const [keyConnect, setKeyConnect] = createSignal<{ source: string; target: string | undefined }>();
  const [renaming, setRenaming] = createSignal<string>();
  const pins = trackPins(doc);
  return {
    flowId,
    doc,
    view: mirror.view,
    undo,
    selection: createSelection(),
    issues: trackFlowIssues(doc),
    names,
    nodeCount: createMemo(() => (mirror.namesVersion(), Object.keys(unwrap(mirror.view.nodes)).length)),
    nameOf: (id) => names().get(id) ?? id,
    keyConnect,
    setKeyConnect,
    renaming,
    setRenaming,
    pins,
    readOnly,
    viewer,
    collab,
    setCollab,
    dispose() {
      mirror.dispose();
      pins.dispose();
      undo.destroy();
    },
  };
}

/** A memo created on its first read, owned by the scope that declared it (not by that reader). */
function lazyMemo<T>(compute: () => T): Accessor<T> {
  const owner = getOwner();
  let memo: Accessor<T> | undefined;
  return () => (memo ??= runWithOwner(owner, () => createMemo(compute))!)();
}
