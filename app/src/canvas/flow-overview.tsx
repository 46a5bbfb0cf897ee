import { createEffect, createMemo, on, onCleanup, onMount, untrack } from "solid-js";
import { unwrap } from "solid-js/store";
import type { CanvasContext } from "./canvas-context.ts";
import { nodeVisual } from "../ui/node-visuals.ts";
import { edgeShape } from "./edge-geometry.ts";
import { frameScheduler } from "./frame-scheduler.ts";

type Group = "plain" | "selected" | "active" | "dimmed";
const groups: readonly Group[] = ["dimmed", "plain", "active", "selected"];

/**
 * The flow zoomed far out: the edges in four SVG paths (plain, dimmed, active, selected)
 * instead of an element each, and, for a big flow (`ctx.overview`), the nodes too, as one
 * path per colour (the run status, or the type's colour); only selected nodes stay cards.
 * A thousand elements cost work every frame (paint, compositing); a dozen paths cost a
 * dozen display items, and panning repaints none of them. Rebuilt at most once per frame,
 * when edges, nodes, the selection or the run change.
 */
export function FlowOverview(props: { ctx: CanvasContext; zoom: number }) {
  const { session, lookup } = props.ctx;
  const paths = {} as Record<Group, SVGPathElement>;
  let nodesGroup!: SVGGElement;

  function draw(): void {
    untrack(() => {
      const d: Record<Group, string> = { plain: "", selected: "", active: "", dimmed: "" };
      const selected = session.selection.edges();
      const view = unwrap(session.view); // plain objects: no proxy lookups in this loop
      for (const [id, edge] of Object.entries(view.edges)) {
        const shape = edgeShape(view, lookup, id);
        if (!shape) continue;
        const group = selected.has(id) ? "selected" : props.ctx.edgeActive(id) ? "active" : props.ctx.nodeStatus(edge.target) === "skipped" ? "dimmed" : "plain";
        d[group] += shape.arrow;
      }
      for (const group of groups) paths[group].setAttribute("d", d[group]);
      drawNodes();
    });
  }

  /** Node blocks by fill colour: one path element per colour in use. */
  function drawNodes(): void {
    const byColor = new Map<string, string>();
    if (props.ctx.overview() || props.ctx.filling()) {
      for (const [id, node] of lookup.nodeLookup) {
        const { x, y } = node.internals.positionAbsolute;
        const status = props.ctx.nodeStatus(id);
        const color = status && status !== "idle" ? `var(--status-${status})` : nodeVisual(node.type ?? "").color;
        byColor.set(color, `${byColor.get(color) ?? ""}M${x},${y}h${node.measured.width ?? 0}v${node.measured.height ?? 0}h${-(node.measured.width ?? 0)}z`);
      }
    }
    const existing = [...nodesGroup.children] as SVGPathElement[];
    let index = 0;
    for (const [color, d] of byColor) {
      const path = existing[index++] ?? nodesGroup.appendChild(document.createElementNS("http://www.w3.org/2000/svg", "path"));
      path.setAttribute("d", d);
      path.style.fill = color;
    }
    for (const extra of existing.slice(index)) extra.remove();
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
      <g class="edges-overview" style={{ "--zoom": String(strokeZoom()) }}>
        {groups.map((group) => (
          <path ref={(element) => (paths[group] = element)} class={`overview-${group}`} />
        ))}
      </g>
      <g ref={nodesGroup} class="nodes-overview" style={{ "--zoom": String(strokeZoom()) }} role="img" aria-label={props.ctx.overview() ? `Overview of ${lookup.nodeLookup.size} nodes: zoom in to edit them` : undefined} />
    </>
  );
}
