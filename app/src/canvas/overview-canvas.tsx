import { createEffect, on, onCleanup, onMount, untrack } from "solid-js";
import { unwrap } from "solid-js/store";
import type { CanvasContext } from "./canvas-context.ts";
import { nodeVisual } from "../ui/node-visuals.ts";
import { edgeShape } from "./edge-geometry.ts";
import { frameScheduler } from "./frame-scheduler.ts";

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

/** The flow's shapes in flow coordinates, one path per kind: rebuilt when the flow changes, not when the view moves. */
interface Shapes {
  readonly edges: Map<Group, Path2D>;
  /** Node blocks by fill colour. */
  readonly nodes: Map<string, Path2D>;
  /** Outlines of the selected nodes (their cards are hidden with the others). */
  readonly selected: Path2D | undefined;
  readonly nodeCount: number;
}

/**
 * The flow zoomed far out, on a <canvas> the size of the pane, redrawn at screen resolution
 * for each view: the edges by kind (plain, dimmed, active, selected) and, for a big flow
 * (`nodes`), the nodes as blocks coloured by run status or type, the selected ones outlined.
 * Why a canvas: drawn inside the scaled viewport layer, the overview was rasterised at
 * Chrome's raster scale for that layer (kept at 100 % for will-change: transform, so far out
 * a screenful was twenty screens of raster), and again each time it changed; a canvas costs
 * a few milliseconds of drawing per frame, whatever the zoom, and no raster at all.
 */
export function OverviewCanvas(props: { ctx: CanvasContext; nodes: boolean }) {
  const { session, lookup, viewport } = props.ctx;
  let canvas!: HTMLCanvasElement;
  let shapes: Shapes | undefined;

  function build(): Shapes {
    return untrack(() => {
      const edgeData = new Map<Group, string[]>(groups.map((group) => [group, []]));
      const selected = session.selection.edges();
      const view = unwrap(session.view); // plain objects: no proxy lookups in this loop
      for (const [id, edge] of Object.entries(view.edges)) {
        const shape = edgeShape(view, lookup, id);
        if (!shape) continue;
        const group = selected.has(id) ? "selected" : props.ctx.edgeActive(id) ? "active" : props.ctx.nodeStatus(edge.target) === "skipped" ? "dimmed" : "plain";
        edgeData.get(group)!.push(shape.arrow);
      }
      const edges = new Map<Group, Path2D>();
      for (const [group, data] of edgeData) if (data.length) edges.set(group, new Path2D(data.join("")));
      const nodes = new Map<string, Path2D>();
      let nodeCount = 0;
      let selectedNodes: Path2D | undefined;
      if (props.nodes) {
        const chosen = session.selection.nodes();
        for (const [id, node] of lookup.nodeLookup) {
          const { x, y } = node.internals.positionAbsolute;
          if (chosen.has(id)) (selectedNodes ??= new Path2D()).rect(x, y, node.measured.width ?? 0, node.measured.height ?? 0);
          const status = props.ctx.nodeStatus(id);
          const color = status && status !== "idle" ? `--status-${status}` : nodeVisual(node.type ?? "").color;
          let path = nodes.get(color);
          if (!path) nodes.set(color, (path = new Path2D()));
          path.rect(x, y, node.measured.width ?? 0, node.measured.height ?? 0);
          nodeCount++;
        }
      }
      return { edges, nodes, selected: selectedNodes, nodeCount };
    });
  }

  function draw(): void {
    const { width, height } = viewport.size();
    const ratio = window.devicePixelRatio || 1;
    const pixelWidth = Math.round(width * ratio);
    const pixelHeight = Math.round(height * ratio);
    if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) (canvas.width = pixelWidth), (canvas.height = pixelHeight);
    const g = canvas.getContext("2d");
    if (!g) return;
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, pixelWidth, pixelHeight);
    shapes ??= build();
    const [x, y, zoom] = viewport.transform();
    g.setTransform(ratio * zoom, 0, 0, ratio * zoom, ratio * x, ratio * y);
    const style = getComputedStyle(canvas);
    const colour = (value: string) => (value.startsWith("--") ? style.getPropertyValue(value).trim() : value);
    g.lineCap = "round";
    g.lineJoin = "round";
    for (const [group, path] of shapes.edges) {
      const look = groupLooks[group];
      g.globalAlpha = look.alpha;
      g.strokeStyle = colour(look.color);
      g.lineWidth = look.width / zoom; // in screen pixels, whatever the zoom
      g.stroke(path);
    }
    g.globalAlpha = 1;
    g.strokeStyle = colour("--panel");
    g.lineWidth = 1 / zoom;
    for (const [color, path] of shapes.nodes) {
      g.fillStyle = colour(color);
      g.fill(path);
      g.stroke(path);
    }
    if (shapes.selected) {
      g.strokeStyle = colour("--accent");
      g.lineWidth = 3 / zoom;
      g.stroke(shapes.selected);
    }
    canvas.dataset.nodes = String(shapes.nodeCount);
  }

  const redraw = frameScheduler(draw);
  const rebuild = () => {
    shapes = undefined;
    redraw.schedule();
  };
  onMount(() => {
    redraw.now();
    onCleanup(lookup.onGeometryChange(rebuild));
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
