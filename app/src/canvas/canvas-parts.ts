import { createEffect, createMemo, onCleanup, type Accessor } from "solid-js";
import type { NodeStatus } from "@nexus-flow/shared";
import type { EditorSession } from "../editor/editor-session.ts";
import { bindShortcuts } from "../editor/shortcuts.ts";
import { toast } from "../ui/toast.tsx";
import type { CanvasContext } from "./canvas-context.ts";
import { createFlowLookup, type FlowLookup } from "./flow-lookup.ts";
import { whenPainted } from "../editor/after-first-paint.ts";
import { createViewport, type CanvasViewport } from "./viewport.ts";
import { createConnections } from "./connection.ts";
import { createNodeDragging } from "./node-drag.ts";
import { createCulling, cullAbove } from "./culling.ts";
import { lingering } from "./lingering.ts";
import { createCardBands, type CardBands } from "./card-bands.ts";
import { createBoxSelect, type BoxSelect } from "./box-select.ts";
import { createEditCommands, type CanvasEdits } from "./edit-commands.ts";
import { autoLayout } from "./auto-layout.ts";
import { noteBoxes } from "./notes-mirror.ts";
import type { CanvasApi } from "./canvas.tsx";

export interface CanvasParts {
  readonly ctx: CanvasContext;
  readonly boxSelect: BoxSelect;
  readonly edits: CanvasEdits;
  readonly api: CanvasApi;
  /** The drawn cards by band of the flow, shown band by band out of the overview. */
  readonly bands: CardBands;
}

export interface CanvasPartsOptions {
  readonly session: EditorSession;
  /** The pane: XYPanZoom's element, and the box every pointer position is relative to. */
  readonly pane: HTMLElement;
  readonly space: Accessor<boolean>;
  readonly overview: Accessor<boolean>;
  readonly fullDetail: Accessor<boolean>;
  /** The pointer over the canvas, in client coordinates (paste goes there). */
  readonly pointer: () => { x: number; y: number } | undefined;
  /** Shift/Ctrl/Cmd held at the last pointerdown. */
  readonly additive: () => boolean;
  readonly nodeStatus: (nodeId: string) => NodeStatus | undefined;
  /** Why a node placed on a runner may not run now (no matching runner online), if so. */
  readonly nodeWarning?: (nodeId: string) => string | undefined;
  readonly edgeActive: (edgeId: string) => boolean;
  readonly onViewport: (viewport: CanvasViewport) => void;
  readonly onDraggingChange: (dragging: boolean) => void;
  readonly dragging: Accessor<boolean>;
}

/**
 * Wires the canvas's parts once its pane exists: the xyflow store adapter, pan/zoom, node
 * drag, connections, culling, box select, the edit commands and their shortcuts. Fits the
 * view (first open) and works out what to draw. Disposed with the calling Solid scope.
 */
export function createCanvasParts(options: CanvasPartsOptions): CanvasParts {
  const { session, pane } = options;
  // 1. The store XYDrag and XYHandle read, and the viewport.
  // A big flow's per-node tracking starts once the first frame is painted: the view is fitted
  // and drawn from the entries as the nodes are now (flow-lookup.ts).
  const lookup = createFlowLookup(session.view, session.selection, session.nodeCount() > cullAbove ? (start) => whenPainted(start) : undefined);
  const viewport = createViewport(pane);
  options.onViewport(viewport);
  // 2. Interactions.
  const connections = createConnections(session, lookup, viewport, () => pane);
  const drag = createNodeDragging({ session, lookup, viewport, container: () => pane, additive: options.additive, onDraggingChange: options.onDraggingChange });
  const culling = createCulling(session.view, lookup, viewport, session.selection.nodes, options.overview);
  // The reveal waits while the view moves, and 150 ms more: wheel notches further apart than d3-zoom's
  // 150 ms end a gesture between them (lingering.ts).
  const moving = lingering(viewport.moving, 150);
  const bands = createCardBands(culling.nodes, (id) => lookup.nodeLookup.get(id)?.internals.positionAbsolute, options.overview, () => viewport.centre(), culling.filling, moving);
  const pick = (event: MouseEvent) => (options.overview() ? nodeAt(lookup, viewport.screenToFlow(event.clientX, event.clientY)) : undefined);
  const boxSelect = createBoxSelect(session, lookup, viewport, options.space, pick);
  const selecting = createMemo(() => !!boxSelect.rect());
  const connecting = createMemo(() => connections.state().inProgress);
  createEffect(() => viewport.setMode({ spacePressed: options.space(), selecting: selecting(), connecting: connecting() }));
  // 3. Commands and their keys.
  // Notes count as content: Fit view (Shift+1, the button, the palette) shows them too.
  const fitView = (duration = 200) => viewport.fitView(lookup.nodeLookup, { duration, also: noteBoxes(session.doc) });
  const pointer = () => {
    const at = options.pointer();
    return at && viewport.screenToFlow(at.x, at.y);
  };
  const edits = createEditCommands(session, viewport, pointer, fitView);
  onCleanup(bindShortcuts(document, edits, () => !document.querySelector("dialog[open]")));
  // 4. First open: the whole flow in view, then work out what to draw. A flow that arrives
  // later (a share link's room fills an empty doc) is fitted when its first nodes land.
  viewport.fitView(lookup.nodeLookup, { also: noteBoxes(session.doc) });
  culling.compute();
  let awaitingNodes = lookup.nodeLookup.size === 0;
  createEffect(() => {
    if (!awaitingNodes || Object.keys(session.view.nodes).length === 0) return; // once fitted, tracks nothing
    awaitingNodes = false;
    queueMicrotask(() => (viewport.fitView(lookup.nodeLookup, { also: noteBoxes(session.doc) }), culling.compute()));
  });
  onCleanup(() => (drag.destroy(), viewport.destroy(), lookup.dispose()));

  const none: ReadonlySet<string> = new Set();
  const lifted = createMemo(() => (options.dragging() ? session.selection.nodes() : none));
  const ctx: CanvasContext = {
    session,
    lookup,
    viewport,
    connections,
    attachDrag: drag.attach,
    nodeStatus: options.nodeStatus,
    nodeWarning: options.nodeWarning ?? (() => undefined),
    edgeActive: options.edgeActive,
    visibleNodes: culling.nodes,
    visibleEdges: culling.edges,
    filling: culling.filling,
    fullDetail: options.fullDetail,
    overview: options.overview,
    lifted,
  };
  const api: CanvasApi = {
    fitView,
    // A big flow is fitted at once after Layout: an animated zoom redraws it at every frame.
    autoLayout: () => void autoLayout(session, lookup).then(() => fitView(lookup.nodeLookup.size > cullAbove ? 0 : 200), (error: unknown) => toast(`Auto-layout failed: ${String(error)}`, { kind: "error" })),
    addNode: (type) => edits.addNodeAt(type, viewport.centre(), true),
    addNodeAtScreen: (type, x, y) => edits.addNodeAt(type, viewport.screenToFlow(x, y), true),
    commands: edits,
  };
  return { ctx, boxSelect, edits, api, bands };
}

/** The node under a flow point (the topmost: drawn last), for clicks on the overview. */
function nodeAt(lookup: FlowLookup, point: { x: number; y: number }): string | undefined {
  let hit: string | undefined;
  for (const [id, node] of lookup.nodeLookup) {
    const { x, y } = node.internals.positionAbsolute;
    if (point.x >= x && point.y >= y && point.x <= x + (node.measured.width ?? 0) && point.y <= y + (node.measured.height ?? 0)) hit = id;
  }
  return hit;
}
