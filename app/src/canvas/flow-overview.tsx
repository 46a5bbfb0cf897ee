import { createEffect, on, onCleanup, onMount, untrack } from "solid-js";
import type { CanvasContext } from "./canvas-context.ts";
import { edgeShape } from "./edge-geometry.ts";
import { frameScheduler } from "./frame-scheduler.ts";

type Group = "plain" | "selected" | "active" | "dimmed";
const groups: readonly Group[] = ["dimmed", "plain", "active", "selected"];

/**
 * The edges when zoomed far out: all of them in four SVG paths (plain, dimmed, active,
 * selected) instead of an element each. A thousand edge elements cost a compositing pass
 * per frame; four paths cost four display items, and panning repaints none of them. The
 * paths are rebuilt at most once per frame, when edges, the selection, the run or a node
 * position change.
 */
export function EdgesOverview(props: { ctx: CanvasContext }) {
  const { session, lookup } = props.ctx;
  const paths = {} as Record<Group, SVGPathElement>;

  function draw(): void {
    untrack(() => {
      const d: Record<Group, string> = { plain: "", selected: "", active: "", dimmed: "" };
      const selected = session.selection.edges();
      for (const id of Object.keys(session.view.edges)) {
        const shape = edgeShape(session.view, lookup, id);
        if (!shape) continue;
        const edge = session.view.edges[id]!;
        const group = selected.has(id) ? "selected" : props.ctx.edgeActive(id) ? "active" : props.ctx.nodeStatus(edge.target) === "skipped" ? "dimmed" : "plain";
        d[group] += shape.arrow;
      }
      for (const group of groups) paths[group].setAttribute("d", d[group]);
    });
  }

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
        return [ids.length, session.selection.edges()];
      },
      redraw.schedule,
      { defer: true },
    ),
  );

  return (
    <g class="edges-overview">
      {groups.map((group) => (
        <path ref={(element) => (paths[group] = element)} class={`overview-${group}`} />
      ))}
    </g>
  );
}
