import { XYDrag, infiniteExtent, type XYDragInstance, type XYPosition } from "@xyflow/system";
import { moveNodes } from "../flow-doc/index.ts";
import type { EditorSession } from "../editor/editor-session.ts";
import type { CanvasNode, FlowLookup } from "./flow-lookup.ts";
import type { CanvasViewport } from "./viewport.ts";
import { gridSize } from "./node-geometry.ts";
import { isTypingTarget } from "../editor/shortcuts.ts";

export interface NodeDragOptions {
  readonly session: EditorSession;
  readonly lookup: FlowLookup;
  readonly viewport: CanvasViewport;
  readonly container: () => HTMLElement;
  /** Shift/Ctrl/Cmd held when the drag started: grabbing an unselected node adds it. */
  readonly additive: () => boolean;
  readonly onDraggingChange: (dragging: boolean) => void;
}

/**
 * Node dragging with XYDrag (snap to the grid, dragging a selected node drags the whole
 * selection, auto-pan at the edges). Positions go to the doc at most once per animation
 * frame, so collaborators see the move live, and a whole drag is one undo step.
 */
export function createNodeDragging(options: NodeDragOptions): { attach(element: HTMLElement, nodeId: string): () => void; destroy(): void } {
  const { session, lookup, viewport } = options;
  const pending = new Map<string, XYPosition>();
  let frame = 0;
  let savedCaptureTimeout = session.undo.captureTimeout;

  const flush = () => {
    cancelAnimationFrame(frame);
    frame = 0;
    if (pending.size === 0) return;
    const moves = [...pending].map(([id, { x, y }]) => ({ id, x, y }));
    pending.clear();
    moveNodes(session.doc, moves);
  };

  const storeItems = () => ({
    nodes: [],
    edges: [],
    nodeLookup: lookup.nodeLookup,
    nodeExtent: infiniteExtent,
    snapGrid: [gridSize, gridSize] as [number, number],
    snapToGrid: true,
    nodeOrigin: [0, 0] as [number, number],
    multiSelectionActive: options.additive(),
    domNode: options.container(),
    transform: viewport.transform(),
    autoPanOnNodeDrag: true,
    nodesDraggable: !session.readOnly(),
    selectNodesOnDrag: true,
    nodeDragThreshold: 1,
    panBy: viewport.panBy,
    unselectNodesAndEdges: () => session.selection.clear(),
    updateNodePositions: (items: Map<string, { position: XYPosition }>, dragging?: boolean) => {
      for (const [id, item] of items) pending.set(id, { x: item.position.x, y: item.position.y });
      if (!dragging) flush();
      else if (!frame) frame = requestAnimationFrame(flush);
    },
  });

  const onNodeMouseDown = (id: string) => {
    const selected = session.selection.nodes();
    if (selected.has(id)) return;
    if (options.additive()) session.selection.toggleNode(id);
    else session.selection.select({ nodes: [id] });
  };

  const onDragStart = () => {
    // The drag is one undo step however long it lasts, and not merged with the edit before.
    session.undo.stopCapturing();
    savedCaptureTimeout = session.undo.captureTimeout;
    session.undo.captureTimeout = Number.POSITIVE_INFINITY;
    dragging = true;
    options.onDraggingChange(true);
  };
  let dragging = false;
  const onDragStop = () => {
    flush();
    if (!dragging) return;
    dragging = false;
    session.undo.captureTimeout = savedCaptureTimeout;
    session.undo.stopCapturing();
    options.onDraggingChange(false);
  };

  const instances = new Set<XYDragInstance>();
  return {
    /** Binds XYDrag to a node element lazily, on its first pointerdown (cheap for 1,000 nodes). */
    attach(element, nodeId) {
      let instance: XYDragInstance | undefined;
      const bind = () => {
        if (instance) return;
        instance = XYDrag<CanvasNode>({ getStoreItems: storeItems, onNodeMouseDown, onDragStart, onDragStop });
        instance.update({ domNode: element, nodeId, noDragClassName: "nodrag", isSelectable: true, nodeClickDistance: 0 });
        instances.add(instance);
      };
      element.addEventListener("pointerdown", bind);
      element.addEventListener("mousedown", keepFocus, { capture: true });
      return () => {
        element.removeEventListener("pointerdown", bind);
        element.removeEventListener("mousedown", keepFocus, { capture: true });
        if (instance) (instance.destroy(), instances.delete(instance));
      };
    },
    destroy() {
      onDragStop();
      for (const instance of instances) instance.destroy();
      instances.clear();
    },
  };
}

/**
 * A press on a card leaves the focus where it is, instead of focusing the card (it has a
 * tabindex): in Chrome a change of focus repaints and re-rasterises the whole document, which at
 * 64 % with 550 cards was ~55-85 ms of paint and ~100-200 ms of raster at the start of every drag
 * (trace, canvas-probe.ts ACT=drag-steps). A click that is not a drag focuses the card
 * (node-card.tsx). A field being typed in still loses focus at the press, as before, so its edit
 * commits and keys go to the canvas; so do presses on handles and the rename field.
 */
export function keepFocus(event: MouseEvent): void {
  if (event.button !== 0 || isTypingTarget(document.activeElement) || isTypingTarget(event.target)) return;
  if (event.target instanceof Element && event.target.closest(".nodrag")) return;
  event.preventDefault();
}
