import { batch, createComputed, createRoot, getOwner, mapArray, onCleanup, runWithOwner, untrack } from "solid-js";
import { createStore, unwrap } from "solid-js/store";
import type { InternalNodeBase, NodeBase } from "@xyflow/system";
import { dict } from "@nexus-flow/shared";
import type { DocView } from "../editor/doc-mirror.ts";
import type { Selection } from "../editor/selection.ts";
import { defaultSize, handleBoundsOf, type Size } from "./node-geometry.ts";

export type CanvasNode = NodeBase<Record<string, never>>;
export type CanvasInternalNode = InternalNodeBase<CanvasNode>;

/**
 * The store-shaped view XYDrag and XYHandle read (`nodeLookup` of internal nodes with
 * absolute positions, measured sizes, handle bounds and `selected`), kept in step with the
 * Solid doc view one node at a time: a node that moves updates its own entry, nothing else.
 */
export interface FlowLookup {
  readonly nodeLookup: Map<string, CanvasInternalNode>;
  /** The node's measured size (its default size until measured). Reactive per node. */
  size(id: string, type: string): Size;
  /** Measures a node element (it must carry `data-node-id`) while it is on the canvas. */
  observe(element: HTMLElement): () => void;
  /** Called (synchronously) after any node moved, resized, appeared or went. */
  onGeometryChange(listener: () => void): () => void;
  dispose(): void;
}

/**
 * `later` starts the per-node tracking (two computations and a few signals per node: ~40 ms of
 * a 1,000-node flow's opening task under load, trace): given, the entries are filled at once
 * from the plain nodes, and tracking starts when `later` calls back (after the first frame);
 * until then the entries hold the nodes as they were. Starting syncs them, and tells the
 * geometry listeners only if a node moved, changed type, came or went meanwhile.
 */
export function createFlowLookup(view: DocView, selection: Selection, later?: (start: () => void) => void): FlowLookup {
  const nodeLookup = new Map<string, CanvasInternalNode>();
  const [sizes, setSizes] = createStore<Record<string, Size>>(dict()); // by node id: no prototype
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());

  const size = (id: string, type: string): Size => sizes[id] ?? defaultSize(type);

  /** Entries filled before tracking starts (`later`): taken over by it, or dropped if their node went. */
  let early: Set<string> | undefined;
  if (later) {
    const plain = unwrap(view.nodes);
    const chosen = untrack(selection.nodes);
    for (const id of Object.keys(plain)) nodeLookup.set(id, entryOf(id, plain[id]!.type, plain[id]!.position, chosen.has(id)));
    early = new Set(nodeLookup.keys());
  }
  let disposed = false;
  const dispose = createRoot((dispose) => {
    trackSelection();
    const owner = getOwner();
    if (later) later(() => void (!disposed && runWithOwner(owner, trackNodes)));
    else trackNodes();
    return dispose;
  });

  function trackNodes(): void {
    createComputed(
      mapArray(
        () => Object.keys(view.nodes),
        (id) => trackNode(id),
      ),
    );
    if (!early) return;
    for (const id of early) nodeLookup.delete(id); // went before tracking started
    if (early.size) changed();
    early = undefined;
  }

  function entryOf(id: string, type: string, at: { x: number; y: number }, selected: boolean): CanvasInternalNode {
    const position = { x: at.x, y: at.y };
    const measured = unwrap(sizes)[id] ?? defaultSize(type); // untracked, no proxy: 1,000 of them as a flow opens
    return {
      id,
      type,
      position,
      data: {},
      selected,
      measured: { width: measured.width, height: measured.height },
      internals: { positionAbsolute: position, z: 0, userNode: { id, position, data: {} }, handleBounds: handleBoundsOf(id, type, measured) },
    };
  }

  function trackNode(id: string): void {
    const node = untrack(() => view.nodes[id]);
    if (!node) return;
    // An entry filled before tracking started is kept: the listeners hear only of what changed since.
    const kept = early?.delete(id) ? nodeLookup.get(id) : undefined;
    const entry = kept ?? entryOf(id, node.type, node.position, untrack(() => selection.nodes().has(id)));
    nodeLookup.set(id, entry);
    let fresh = !kept;
    createComputed(() => {
      const current = view.nodes[id];
      if (!current) return;
      const { x, y } = current.position;
      if (!fresh && x === entry.position.x && y === entry.position.y) return;
      const next = { x, y };
      entry.position = next;
      entry.internals.positionAbsolute = next;
      entry.internals.userNode.position = next;
      changed();
    });
    createComputed(() => {
      const type = view.nodes[id]?.type ?? node.type;
      const measured = size(id, type);
      const same = !fresh && type === entry.type && measured.width === entry.measured.width && measured.height === entry.measured.height;
      fresh = false;
      if (same) return;
      entry.type = type;
      entry.measured = { width: measured.width, height: measured.height };
      entry.internals.handleBounds = handleBoundsOf(id, type, measured);
      changed();
    });
    onCleanup(() => {
      nodeLookup.delete(id);
      changed();
    });
  }

  /** Mirrors the selection into `selected` flags, touching only the nodes that changed. */
  function trackSelection(): void {
    let previous: ReadonlySet<string> = new Set();
    createComputed(() => {
      const current = selection.nodes();
      for (const id of previous) if (!current.has(id)) setSelected(id, false);
      for (const id of current) if (!previous.has(id)) setSelected(id, true);
      previous = current;
    });
  }

  function setSelected(id: string, selected: boolean): void {
    const entry = nodeLookup.get(id);
    if (entry) entry.selected = selected;
  }

  const observer = new ResizeObserver((records) => {
    batch(() => {
      for (const record of records) {
        const id = (record.target as HTMLElement).dataset.nodeId;
        const box = record.borderBoxSize[0];
        if (!id || !box || box.inlineSize === 0) continue;
        const current = sizes[id] ?? defaultSize(view.nodes[id]?.type ?? "");
        if (current.width === box.inlineSize && current.height === box.blockSize) continue;
        setSizes(id, { width: box.inlineSize, height: box.blockSize });
      }
    });
  });

  return {
    nodeLookup,
    size,
    observe(element) {
      observer.observe(element);
      return () => observer.unobserve(element);
    },
    onGeometryChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      disposed = true;
      observer.disconnect();
      listeners.clear();
      dispose();
    },
  };
}
