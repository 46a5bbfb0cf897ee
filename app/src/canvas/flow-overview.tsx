import { createEffect, createMemo, on, onCleanup, onMount, untrack } from "solid-js";
import { unwrap } from "solid-js/store";
import type { CanvasContext } from "./canvas-context.ts";
import { nodeVisual } from "../ui/node-visuals.ts";
import { edgeShape } from "./edge-geometry.ts";
import { frameScheduler } from "./frame-scheduler.ts";
import { ChunkedPaths, chunkOf } from "./overview-chunks.ts";

type Group = "plain" | "selected" | "active" | "dimmed";
const groups: readonly Group[] = ["dimmed", "plain", "active", "selected"];

/**
 * The flow zoomed far out: the edges as SVG paths by kind (plain, dimmed, active, selected)
 * instead of an element each, and, for a big flow (`ctx.overview`), the nodes too, as paths
 * by colour (the run status, or the type's colour); only selected nodes stay cards. Each
 * kind is cut into a path per region (overview-chunks.ts), so a raster tile draws only
 * what is near it. A thousand elements cost work every frame (paint, compositing); a few
 * dozen paths cost a few dozen display items, and panning repaints none of them. Rebuilt
 * at most once per frame, when edges, nodes, the selection or the run change.
 */
export function FlowOverview(props: { ctx: CanvasContext; zoom: number }) {
  const { session, lookup } = props.ctx;
  let edgesGroup!: SVGGElement;
  let nodesGroup!: SVGGElement;

  function draw(): void {
    untrack(() => {
      const paths = new ChunkedPaths();
      const selected = session.selection.edges();
      const view = unwrap(session.view); // plain objects: no proxy lookups in this loop
      for (const [id, edge] of Object.entries(view.edges)) {
        const shape = edgeShape(view, lookup, id);
        const source = lookup.nodeLookup.get(edge.source)?.internals.positionAbsolute;
        const target = lookup.nodeLookup.get(edge.target)?.internals.positionAbsolute;
        if (!shape || !source || !target) continue;
        const group = selected.has(id) ? "selected" : props.ctx.edgeActive(id) ? "active" : props.ctx.nodeStatus(edge.target) === "skipped" ? "dimmed" : "plain";
        paths.add(group, chunkOf(Math.min(source.x, target.x), Math.min(source.y, target.y), Math.max(source.x, target.x), Math.max(source.y, target.y)), shape.arrow);
      }
      paths.render(edgesGroup, groups, (path, group) => path.getAttribute("class") !== `overview-${group}` && path.setAttribute("class", `overview-${group}`));
      drawNodes();
    });
  }

  /** Node blocks by fill colour and region: one path element per colour in use in each chunk. */
  function drawNodes(): void {
    const paths = new ChunkedPaths();
    if (props.ctx.overview() || props.ctx.filling()) {
      for (const [id, node] of lookup.nodeLookup) {
        const { x, y } = node.internals.positionAbsolute;
        const status = props.ctx.nodeStatus(id);
        const color = status && status !== "idle" ? `var(--status-${status})` : nodeVisual(node.type ?? "").color;
        const width = node.measured.width ?? 0;
        const height = node.measured.height ?? 0;
        paths.add(color, chunkOf(x, y, x + width, y + height), `M${x},${y}h${width}v${height}h${-width}z`);
      }
    }
    paths.render(nodesGroup, paths.groups(), (path, color) => path.style.fill !== color && (path.style.fill = color));
  }

  /**
   * The zoom the stroke widths follow, in steps of √2: a width that changed every wheel step
   * would repaint (and re-rasterise) the whole flow every step, a few strokes a bit thin or
   * thick in between cost nothing.
   */
  const strokeZoom = createMemo(() => 2 ** (Math.round(Math.log2(props.zoom) * 2) / 2));
  const redraw = frameScheduler(draw);
  onMount(() => {
    redraw.now();
    onCleanup(lookup.onGeometryChange(redraw.schedule));
  });
  // What the drawing depends on besides positions: the edges, the selection, the run.
  createEffect(
    on(
      () => {
        const ids = Object.keys(session.view.edges);
        for (const id of ids) props.ctx.edgeActive(id);
        const overview = props.ctx.overview() || props.ctx.filling();
        if (overview) for (const id of Object.keys(session.view.nodes)) props.ctx.nodeStatus(id);
        return [ids.length, session.selection.edges(), overview];
      },
      redraw.schedule,
      { defer: true },
    ),
  );

  return (
    <>
      {/* --zoom here, not on the viewport: a custom property there restyles every card each zoom step. */}
      <g ref={edgesGroup} class="edges-overview" style={{ "--zoom": String(strokeZoom()) }} />
      <g ref={nodesGroup} class="nodes-overview" style={{ "--zoom": String(strokeZoom()) }} role="img" aria-label={props.ctx.overview() ? `Overview of ${lookup.nodeLookup.size} nodes: zoom in to edit them` : undefined} />
    </>
  );
}
