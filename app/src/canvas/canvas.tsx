import { createMemo, createSignal, For, onCleanup, onMount, Show, type JSX } from "solid-js";
import type { NodeStatus } from "@nexus-flow/shared";
import type { EditorSession } from "../editor/editor-session.ts";
import { nodeTypeDragFormat } from "../panels/palette/palette.tsx";
import { createCanvasParts, type CanvasParts } from "./canvas-parts.ts";
import type { CanvasViewport } from "./viewport.ts";
import { cullAbove } from "./culling.ts";
import { trackSpaceKey } from "./space-key.ts";
import { lingering } from "./lingering.ts";
import { NodeCard } from "./node-card.tsx";
import { ConnectionLine, EdgesLayer, LiftedEdgesLayer } from "./edges-layer.tsx";
import { OverviewCanvas } from "./overview-canvas.tsx";
import { Minimap } from "./minimap.tsx";
import { LayerBackdrop } from "./layer-backdrop.tsx";
import { gridStep } from "./overview-grid.ts";
import { PeerCursors } from "./peer-cursors.tsx";
import { nodesOf, readFlow } from "../flow-doc/index.ts";
import { createNoteAdder, NotesLayer } from "./sticky-notes.tsx";
import type { CanvasEdits } from "./edit-commands.ts";
import { afterFirstPaint } from "../editor/after-first-paint.ts";
import "./canvas.css";

/** What the shell can ask of the canvas. */
export interface CanvasApi {
  fitView(): void;
  autoLayout(): void;
  /** Adds a node of `type` at the centre of the view (palette click) and selects it. */
  addNode(type: string): void;
  /** Adds a node of `type` centred on a screen point (the canvas's right-click menu). */
  addNodeAtScreen(type: string, clientX: number, clientY: number): void;
  /** The shortcuts' commands (delete, duplicate, paste, zoom…), for the command palette and menus. */
  readonly commands: CanvasEdits;
}

export interface CanvasProps {
  readonly session: EditorSession;
  /** Live status of a node in the run shown on the canvas, if any. */
  readonly nodeStatus: (nodeId: string) => NodeStatus | undefined;
  /** Whether data is flowing along this edge now (its source finished, its target running). */
  readonly edgeActive: (edgeId: string) => boolean;
  /** A warning to mark on a node (placed on a runner when none that matches is online). */
  readonly nodeWarning?: (nodeId: string) => string | undefined;
  readonly onReady?: (api: CanvasApi) => void;
}

/** After a zoom gesture ends, how long the overview stays before the cards come back. */
const settleMs = 250;
/** Zoom below which cards drop their text and shadows: unreadable there, and costly to paint. */
const lowDetailZoom = 0.45;

/**
 * The flow editor's canvas, built on @xyflow/system's headless parts: XYPanZoom (pan and
 * zoom), XYDrag (node drag), XYHandle (connections), XYMinimap. Nodes are HTML cards in a
 * transformed viewport, edges SVG paths under them. Big flows draw only what is near the
 * view, and far out draw everything on a canvas (see culling.ts, overview-canvas.tsx).
 */
export function Canvas(props: CanvasProps) {
  let root!: HTMLDivElement;
  let pane!: HTMLDivElement;
  const [parts, setParts] = createSignal<CanvasParts>();
  const [viewportOf, setViewportOf] = createSignal<CanvasViewport>();
  const [space, setSpace] = createSignal(false);
  const [dragging, setDragging] = createSignal(false);
  const [ready, setReady] = createSignal(false);
  const painted = props.session.nodeCount() > cullAbove ? afterFirstPaint() : () => true;
  let pointer: { x: number; y: number } | undefined;

  onMount(() => {
    let additive = false;
    const onModifiers = (event: PointerEvent) => (additive = event.shiftKey || event.ctrlKey || event.metaKey);
    root.addEventListener("pointerdown", onModifiers, true);
    onCleanup(() => root.removeEventListener("pointerdown", onModifiers, true));
    onCleanup(trackSpaceKey(root, setSpace));
    const created = createCanvasParts({
      session: props.session,
      pane,
      space,
      overview,
      // A big flow far out hides its cards (the overview draws it): they keep their detail, so
      // zooming back in shows them as they were instead of rebuilding a thousand cards.
      fullDetail: () => !lowDetail() || overview(),
      pointer: () => pointer,
      additive: () => additive,
      nodeStatus: (id) => props.nodeStatus(id),
      edgeActive: (id) => props.edgeActive(id),
      nodeWarning: (id) => props.nodeWarning?.(id),
      onViewport: setViewportOf,
      onDraggingChange: setDragging,
      dragging,
    });
    setParts(created);
    // Ready as mounted, the view fitted: the next frame draws it (benches and tests wait for this).
    setReady(true);
    props.onReady?.(created.api);
    exposeForTests(created.api, created.ctx.viewport, props.session);
  });

  // One adder per canvas: the layer reads which note it added last, to open it for typing.
  let adder: ReturnType<typeof createNoteAdder> | undefined;
  const noteAdder = (ctx: CanvasParts["ctx"]) => (adder ??= createNoteAdder(ctx));
  const transform = () => viewportOf()?.transform() ?? [0, 0, 1];
  const lowDetail = createMemo(() => transform()[2] < lowDetailZoom);
  const nodeCount = () => props.session.nodeCount();
  /**
   * A big flow far out is drawn by the overview canvas. Zooming in, it stays so until the
   * gesture ends (the wheel idle for 150 ms) and `settleMs` more (see lingering.ts): showing
   * hundreds of cards costs a raster of the whole view, a frame of a few hundred milliseconds
   * here, which a settled view can afford and a moving one cannot (tldraw and Figma also redraw
   * in detail once a zoom settles).
   */
  const zooming = lingering(() => !!viewportOf()?.moving(), settleMs);
  const overview = createMemo<boolean>((was) => nodeCount() > cullAbove && (lowDetail() || (was && zooming())), false);
  // Whether the overview draws the nodes (not only the edges): a memo, because read as a prop it
  // made the overview rebuild its shapes and repaint at every band revealed (a frame each, ~7 ms
  // of paint in its worker plus the build here: trace).
  const overviewNodes = createMemo(() => overview() || !!parts()?.ctx.filling() || !!parts()?.bands.revealing());
  const overviewShown = createMemo(() => !!parts() && (lowDetail() || overview() || (nodeCount() > cullAbove && overviewNodes())));
  /**
   * The dot grid is a layer moved and scaled by a transform, one cell of slack each side: never
   * repainted while panning, and zooming repaints it only when the cell size passes a step of
   * √2 (the dots grow or shrink a little in between), not at every wheel step.
   */
  const grid = () => {
    const [x, y, zoom] = transform();
    const { gap, painted } = gridStep(zoom);
    const offset = (value: number) => (((value % gap) + gap) % gap) - 1.5 * gap;
    return { "background-size": `${painted}px ${painted}px`, transform: `translate(${offset(x)}px, ${offset(y)}px) scale(${gap / painted})` };
  };

  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer?.types.includes(nodeTypeDragFormat) || props.session.readOnly()) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  };
  const onDrop = (event: DragEvent) => {
    const type = event.dataTransfer?.getData(nodeTypeDragFormat);
    const current = parts();
    if (!type || !current) return;
    event.preventDefault();
    current.edits.addNodeAt(type, current.ctx.viewport.screenToFlow(event.clientX, event.clientY));
    root.focus({ preventScroll: true });
  };

  return (
    <div
      ref={root}
      class="canvas"
      // Only classes that CSS reads, and none that change during a gesture (moving, dragging,
      // selecting, Space held): a class toggled on this element made Chrome walk and re-check
      // every card and edge for paint in the next hit test or frame (~20-35 ms at 1,000 nodes,
      // trace) even with no rule reading it. Gesture state goes on the covers below instead.
      classList={{
        "is-connecting": parts()?.ctx.connections.state().inProgress,
        "low-detail": lowDetail() && !overview(),
        "read-only": props.session.readOnly(),
      }}
      role="region"
      aria-label="Flow canvas"
      aria-roledescription="flow canvas"
      tabindex="0"
      data-ready={ready() ? "true" : undefined}
      onPointerMove={(event) => {
        pointer = { x: event.clientX, y: event.clientY };
        const viewport = parts()?.ctx.viewport;
        if (viewport) props.session.collab()?.presence.setCursor(viewport.screenToFlow(event.clientX, event.clientY));
      }}
      onPointerLeave={() => {
        pointer = undefined;
        props.session.collab()?.presence.setCursor(undefined);
      }}
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      {/* The overview canvas paints the grid while it is on (overview-grid.ts). */}
      <div class="canvas-grid" classList={{ covered: overviewShown() }} style={grid()} />
      <div
        ref={pane}
        class="canvas-pane"
        onPointerDown={(event) => parts()?.boxSelect.onPointerDown(event)}
        onPointerMove={(event) => parts()?.boxSelect.onPointerMove(event)}
        onPointerUp={(event) => parts()?.boxSelect.onPointerUp(event)}
        onClick={(event) => parts()?.boxSelect.onClick(event)}
      >
        <Show when={overviewShown()}>
          <OverviewCanvas ctx={parts()!.ctx} nodes={overviewNodes()} />
        </Show>
        <Show when={parts()}>
          {(current) => (
            <div class="canvas-viewport" classList={{ "overview-on": overview(), "edges-off": current().bands.edgesConcealed() }} style={{ transform: `translate(${transform()[0]}px, ${transform()[1]}px) scale(${transform()[2]})` }}>
              <LayerBackdrop lookup={current().ctx.lookup} />
              <NotesLayer ctx={current().ctx} justAdded={noteAdder(current().ctx).justAdded} />
              <EdgesLayer ctx={current().ctx} />
              {/* The cards alone in a box, in a box per band of the flow (card-bands.ts): in the overview
                  the outer box hides them all; out of it the bands show one per frame (canvas.css). */}
              <div class="canvas-nodes">
                <For each={current().bands.keys()}>
                  {(band) => (
                    <div class="canvas-band" classList={{ concealed: current().bands.concealed(band) }}>
                      <For each={current().bands.idsOf(band)}>{(id) => <NodeCard id={id} ctx={current().ctx} />}</For>
                    </div>
                  )}
                </For>
              </div>
              <LiftedEdgesLayer ctx={current().ctx} />
              <ConnectionLine ctx={current().ctx} />
            </div>
          )}
        </Show>
        <Show when={space()}>
          <div class="canvas-pan-cover" classList={{ panning: parts()?.ctx.viewport.moving() }} />
        </Show>
      </div>
      <Show when={dragging()}>
        <div class="canvas-drag-cover" />
      </Show>
      <Show when={props.session.collab()}>{(collab) => <PeerCursors peers={collab().presence.peers} transform={transform} />}</Show>
      <Show when={parts()?.boxSelect.rect()}>
        {(rect) => <div class="canvas-selection-box" style={{ left: `${rect().x}px`, top: `${rect().y}px`, width: `${rect().width}px`, height: `${rect().height}px` }} />}
      </Show>
      <Show when={parts()}>
        {(current) => (
          <>
            <Controls viewport={current().ctx.viewport} fitView={() => current().edits.fitView()}>
              {noteAdder(current().ctx).button()}
            </Controls>
            {/* A big flow's is drawn once the canvas is on screen: opening does not wait for it. */}
            <Show when={painted()}>
              <Minimap ctx={current().ctx} />
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}

function Controls(props: { viewport: CanvasViewport; fitView: () => void; children?: JSX.Element }) {
  // A memo, so panning (same zoom) does not rewrite the text every frame.
  const percent = createMemo(() => `${Math.round(props.viewport.transform()[2] * 100)}%`);
  return (
    <div class="canvas-controls" role="toolbar" aria-label="Zoom">
      <button type="button" class="canvas-control" aria-label="Zoom in" title="Zoom in" onClick={() => props.viewport.zoomBy(1.25)}>
        +
      </button>
      <button type="button" class="canvas-control" aria-label="Zoom out" title="Zoom out" onClick={() => props.viewport.zoomBy(0.8)}>
        −
      </button>
      <button type="button" class="canvas-control" aria-label="Fit view" title="Fit view (Shift+1)" onClick={() => props.fitView()}>
        ⤢
      </button>
      <span class="canvas-zoom-level" aria-live="off">
        {percent()}
      </span>
      {props.children}
    </div>
  );
}

/** Test hook: the canvas API on `window.__nexusCanvas`, in development and under test only. */
function exposeForTests(api: CanvasApi, viewport: CanvasViewport, session: EditorSession): void {
  const target = window as { __nexusTest?: boolean; __nexusCanvas?: unknown };
  if (!import.meta.env.DEV && !target.__nexusTest) return;
  // nodeCount and positionsKey read the doc without copying it: the editing bench polls them
  // while it measures main-thread time, and readFlow (a copy of 1,000 nodes) counted against the app.
  const positionsKey = () => [...nodesOf(session.doc).values()].map((node) => {
    const at = node.get("position") as { x: number; y: number } | undefined;
    return at ? `${at.x},${at.y}` : "";
  }).join(";");
  target.__nexusCanvas = { ...api, transform: () => viewport.transform(), flow: () => readFlow(session.doc), nodeCount: () => nodesOf(session.doc).size, positionsKey };
  onCleanup(() => delete target.__nexusCanvas);
}
