import { batch, createComputed, createRoot, mapArray, onCleanup, untrack } from "solid-js";
import { createStore } from "solid-js/store";
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

export function createFlowLookup(view: DocView, selection: Selection): FlowLookup {
  const nodeLookup = new Map<string, CanvasInternalNode>();
  const [sizes, setSizes] = createStore<Record<string, Size>>(dict()); // by node id: no prototype
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());

  const size = (id: string, type: string): Size => sizes[id] ?? defaultSize(type);

  const dispose = createRoot((dispose) => {
    const entries = mapArray(
      () => Object.keys(view.nodes),
      (id) => trackNode(id),
    );
    createComputed(entries);
    trackSelection();
    return dispose;
  });

  function trackNode(id: string): void {
    const node = untrack(() => view.nodes[id]);
    if (!node) return;
    const position = { x: node.position.x, y: node.position.y };
    const entry: CanvasInternalNode = {
      id,
      type: node.type,
      position,
      data: {},
      selected: untrack(() => selection.nodes().has(id)),
      measured: {},
      internals: { positionAbsolute: position, z: 0, userNode: { id, position, data: {} } },
    };
    nodeLookup.set(id, entry);
    createComputed(() => {
      const current = view.nodes[id];
      if (!current) return;
      const next = { x: current.position.x, y: current.position.y };
      entry.position = next;
      entry.internals.positionAbsolute = next;
      entry.internals.userNode.position = next;
      changed();
    });
    createComputed(() => {
      const type = view.nodes[id]?.type ?? node.type;
      const measured = size(id, type);
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
      observer.disconnect();
      listeners.clear();
      dispose();
    },
  };
}
