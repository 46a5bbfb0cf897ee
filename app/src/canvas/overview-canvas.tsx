import { createEffect, on, onCleanup, onMount, untrack } from "solid-js";
import { unwrap } from "solid-js/store";
import type { CanvasContext } from "./canvas-context.ts";
import { nodeVisual } from "../ui/node-visuals.ts";
import { edgeShape } from "./edge-geometry.ts";
import { frameScheduler } from "./frame-scheduler.ts";
import { paintOverview, prepareShapes, type EdgeStroke, type OverviewShapes, type OverviewView, type PreparedShapes } from "./overview-paint.ts";
import type { OverviewMessage, OverviewReply } from "./overview-worker.ts";

type Group = "dimmed" | "plain" | "active" | "selected";
/** Drawn in this order: the selection on top. */
const groups: readonly Group[] = ["dimmed", "plain", "active", "selected"];
/**
 * Plain edges are one screen pixel wide: Skia draws that as a hairline, about 20× cheaper than
 * a wider stroke of a thousand curves (100-200 ms a frame here), which it must outline first.
 */
const groupLooks: Record<Group, { color: string; width: number; alpha: number }> = {
  dimmed: { color: "--edge", width: 1, alpha: 0.3 },
  plain: { color: "--edge", width: 1, alpha: 1 },
  active: { color: "--status-running", width: 1.6, alpha: 1 },
  selected: { color: "--accent", width: 1.6, alpha: 1 },
};

/**
 * The flow zoomed far out, on a <canvas> the size of the pane, redrawn at screen resolution
 * for each view: the edges by kind (plain, dimmed, active, selected) and, for a big flow
 * (`nodes`), the nodes as blocks coloured by run status or type, the selected ones outlined.
 * Why a canvas: drawn inside the scaled viewport layer, the overview was rasterised at
 * Chrome's raster scale for that layer (kept at 100 % for will-change: transform, so far out
 * a screenful was twenty screens of raster), and again each time it changed; a canvas costs
 * a few milliseconds of drawing per frame, whatever the zoom, and no raster at all.
 * Why a worker: the canvas's own raster (~10 ms a frame here, when the frame commits) ran on
 * the page's thread at every wheel step; the canvas is handed to overview-worker.ts, which
 * paints it, and the page only sends the shapes (when the flow changes) and the view.
 */
export function OverviewCanvas(props: { ctx: CanvasContext; nodes: boolean }) {
  const { session, lookup, viewport } = props.ctx;
  let canvas!: HTMLCanvasElement;
  let shapes: OverviewShapes | undefined;
  /** Where the page paints itself, when OffscreenCanvas is missing. */
  let local: { g: CanvasRenderingContext2D; prepared: PreparedShapes | undefined } | undefined;

  function build(): OverviewShapes {
    return untrack(() => {
      const style = getComputedStyle(canvas);
      const colour = (value: string) => (value.startsWith("--") ? style.getPropertyValue(value).trim() : value);
      const edgeData = new Map<Group, string[]>(groups.map((group) => [group, []]));
      const selected = session.selection.edges();
      const view = unwrap(session.view); // plain objects: no proxy lookups in this loop
      for (const [id, edge] of Object.entries(view.edges)) {
        const shape = edgeShape(view, lookup, id);
        if (!shape) continue;
        const group = selected.has(id) ? "selected" : props.ctx.edgeActive(id) ? "active" : props.ctx.nodeStatus(edge.target) === "skipped" ? "dimmed" : "plain";
        edgeData.get(group)!.push(shape.arrow);
      }
      const edges: EdgeStroke[] = [];
      for (const [group, data] of edgeData) if (data.length) edges.push({ path: data.join(""), ...groupLooks[group], color: colour(groupLooks[group].color) });
      const rectsByColour = new Map<string, number[]>();
      const selectedRects: number[] = [];
      if (props.nodes) {
        const chosen = session.selection.nodes();
        for (const [id, node] of lookup.nodeLookup) {
          const { x, y } = node.internals.positionAbsolute;
          const rect = [x, y, node.measured.width ?? 0, node.measured.height ?? 0];
          if (chosen.has(id)) selectedRects.push(...rect);
          const status = props.ctx.nodeStatus(id);
          const color = status && status !== "idle" ? `--status-${status}` : nodeVisual(node.type ?? "").color;
          let rects = rectsByColour.get(color);
          if (!rects) rectsByColour.set(color, (rects = []));
          rects.push(...rect);
        }
      }
      const nodes = [...rectsByColour].map(([color, rects]) => ({ color: colour(color), rects: Float64Array.from(rects) }));
      return { edges, nodes, outline: colour("--panel"), selected: Float64Array.from(selectedRects), accent: colour("--accent"), background: colour("--canvas"), grid: colour("--grid") };
    });
  }

  function draw(): void {
    const { width, height } = viewport.size();
    const view: OverviewView = { transform: viewport.transform(), width, height, ratio: window.devicePixelRatio || 1 };
    const fresh = shapes ? undefined : (shapes = build());
    // data-nodes says the overview is on screen (tests and benches wait for it): set once painted.
    const painted = () => (canvas.dataset.nodes = String(rectsCount(shapes!.nodes)));
    if (local) {
      if (fresh) local.prepared = prepareShapes(fresh);
      paintOverview(canvas, local.g, local.prepared, view);
      painted();
    } else {
      onPainted = painted;
      overviewWorker().postMessage({ view, ...(fresh ? { shapes: fresh } : {}) } satisfies OverviewMessage);
    }
  }

  const redraw = frameScheduler(draw);
  const rebuild = () => {
    shapes = undefined;
    redraw.schedule();
  };
  onMount(() => {
    // The first overview (a big flow opens far out) is painted here while the worker starts:
    // opening must not wait for it. The later ones (each crossing of the level of detail) go to it.
    if (workerReady && typeof canvas.transferControlToOffscreen === "function") {
      const offscreen = canvas.transferControlToOffscreen();
      overviewWorker().postMessage({ canvas: offscreen } satisfies OverviewMessage, [offscreen]);
    } else {
      overviewWorker();
      local = { g: canvas.getContext("2d", { alpha: false })!, prepared: undefined };
    }
    redraw.now();
    onCleanup(lookup.onGeometryChange(rebuild));
    onCleanup(() => (onPainted = undefined));
  });
  createEffect(on([viewport.transform, viewport.size], redraw.schedule, { defer: true }));
  // What the shapes depend on besides positions: the edges, the selection, the run.
  createEffect(
    on(
      () => {
        const ids = Object.keys(session.view.edges);
        for (const id of ids) props.ctx.edgeActive(id);
        if (props.nodes) for (const id of Object.keys(session.view.nodes)) props.ctx.nodeStatus(id);
        return [ids.length, session.selection.edges(), props.nodes && session.selection.nodes(), props.nodes];
      },
      rebuild,
      { defer: true },
    ),
  );

  return (
    <canvas
      ref={canvas}
      class="canvas-overview"
      role="img"
      aria-label={props.nodes && props.ctx.overview() ? `Overview of ${lookup.nodeLookup.size} nodes: zoom in to edit them` : undefined}
      aria-hidden={props.nodes && props.ctx.overview() ? undefined : "true"}
    />
  );
}

let worker: Worker | undefined;
let workerReady = false;
/** Told when the worker painted the overview now on the page. */
let onPainted: (() => void) | undefined;
/** One worker for the page's overviews, started with the first. */
function overviewWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL("./overview-worker.ts", import.meta.url), { type: "module", name: "nexus-overview" });
  worker.onmessage = (event: MessageEvent<OverviewReply>) => {
    if (event.data === "ready") workerReady = true;
    else onPainted?.();
  };
  return worker;
}

const rectsCount = (fills: readonly { rects: Float64Array }[]) => fills.reduce((sum, fill) => sum + fill.rects.length / 4, 0);
