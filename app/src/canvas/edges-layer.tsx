import { createMemo, createSignal, For, Index, onCleanup, Show, type Signal } from "solid-js";
import { getBezierPath, pointToRendererPoint } from "@xyflow/system";
import type { CanvasContext } from "./canvas-context.ts";
import { edgePieces, edgeShape } from "./edge-geometry.ts";
import { createThinEdges } from "./edge-width.ts";
import { groupEdges } from "./edge-groups.ts";

/**
 * The edges as SVG paths (under the nodes); `ConnectionLine`, drawn over the nodes, is the
 * line of a connection being dragged.
 * Each edge reads only its two end nodes, so a moving node redraws its own edges only.
 * Zoomed far out, `OverviewCanvas` draws them all on a canvas instead, and the edge elements
 * are hidden by CSS, not removed: crossing the level of detail creates none (the svg sits in
 * a box, `.canvas-edges`, because content-visibility, which hides them, does not apply to an
 * svg element).
 */
export function EdgesLayer(props: { ctx: CanvasContext }) {
  const { ctx } = props;
  const settled = createMemo(() => (ctx.lifted().size ? ctx.visibleEdges().filter((id) => !touchesLifted(ctx, id)) : ctx.visibleEdges()));
  const groups = createMemo(() => groupEdges(settled()));
  const thin = thinEdgesOf(ctx);
  return (
    <div class="canvas-edges">
      <Index each={groups()}>
        {(ids) => (
          <svg class="edges" classList={{ thin: thin() }}>
            <For each={ids()}>{(id) => <EdgePath id={id} ctx={props.ctx} pieces />}</For>
          </svg>
        )}
      </Index>
    </div>
  );
}

/**
 * The edges of the nodes being dragged, over the cards, on a layer of their own: redrawn at
 * each step of the drag, they would otherwise repaint (and re-rasterise) every card under
 * their bounds, which for a long edge is much of the flow.
 */
export function LiftedEdgesLayer(props: { ctx: CanvasContext }) {
  const { ctx } = props;
  const lifted = createMemo(() => (ctx.lifted().size ? ctx.visibleEdges().filter((id) => touchesLifted(ctx, id)) : []));
  const thin = thinEdgesOf(ctx);
  return (
    <>
      <Show when={lifted().length > 0}>
        <svg class="edges edges-lifted" classList={{ thin: thin() }}>
          <For each={lifted()}>{(id) => <EdgePath id={id} ctx={props.ctx} />}</For>
        </svg>
      </Show>
      <EdgeHoverLayer ctx={ctx} />
    </>
  );
}

/** The edge under the pointer, per canvas (set by its path, drawn by `EdgeHoverLayer`). */
const hovers = new WeakMap<CanvasContext, Signal<string | undefined>>();
const hoverOf = (ctx: CanvasContext): Signal<string | undefined> => {
  let hover = hovers.get(ctx);
  if (!hover) hovers.set(ctx, (hover = createSignal<string>()));
  return hover;
};

/**
 * The hovered edge's highlight: a copy of its path on a small layer of its own, over the cards.
 * Restyling the edge itself (`.edge:hover`) changed pixels in the layer of all cards and edges,
 * and a long edge of the 1,000-node flow crosses ~30 raster tiles, each full of cards: 90-130 ms
 * of raster when the pointer came onto an edge and again as it left it (the start of every drag
 * from an edge). Not for a selected or running edge: their own style shows instead, as before.
 */
function EdgeHoverLayer(props: { ctx: CanvasContext }) {
  const { ctx } = props;
  const [hovered] = hoverOf(ctx);
  const thin = thinEdgesOf(ctx);
  const shape = createMemo(() => {
    const id = hovered();
    if (!id || ctx.session.selection.edges().has(id) || ctx.edgeActive(id) || !ctx.visibleEdges().includes(id)) return undefined;
    return edgeShape(ctx.session.view, ctx.lookup, id);
  });
  return (
    <Show when={shape()}>
      {(current) => (
        <svg class="edges edge-hover" classList={{ thin: thin() }} aria-hidden="true">
          <path class="edge-path" d={current().arrow} />
        </svg>
      )}
    </Show>
  );
}

/** Whether the edges are drawn one screen pixel wide now (edge-width.ts). */
const thinEdgesOf = (ctx: CanvasContext) => createThinEdges(() => ctx.viewport.transform()[2], ctx.viewport.moving);

const touchesLifted = (ctx: CanvasContext, id: string) => {
  const edge = ctx.session.view.edges[id];
  const lifted = ctx.lifted();
  return !!edge && (lifted.has(edge.source) || lifted.has(edge.target));
};

/**
 * One edge. `pieces`: its line drawn as short pieces (edge-pieces.ts), for the layer of all cards
 * and edges, where a path's coming and going re-rasterises the tiles of its box; the lifted layer
 * redraws its edges at each step of a drag, as one path each. A running edge is one path too: its
 * dashes flow along it, and would restart at each piece.
 */
function EdgePath(props: { id: string; ctx: CanvasContext; pieces?: boolean }) {
  const { id, ctx } = props;
  const { view, selection } = ctx.session;
  const geometry = createMemo(() => edgeShape(view, ctx.lookup, id));
  const selected = createMemo(() => selection.edges().has(id));
  const active = () => ctx.edgeActive(id);
  const dimmed = () => {
    const edge = view.edges[id];
    return !!edge && (ctx.nodeStatus(edge.target) === "skipped" || ctx.nodeStatus(edge.source) === "skipped");
  };
  const [, setHovered] = hoverOf(ctx);
  onCleanup(() => setHovered((current) => (current === id ? undefined : current)));
  const select = (event: MouseEvent) => {
    if (event.shiftKey || event.ctrlKey || event.metaKey) {
      const next = new Set(selection.edges());
      if (!next.delete(id)) next.add(id);
      selection.select({ nodes: selection.nodes(), edges: next });
    } else selection.select({ edges: [id] });
  };
  return (
    <Show when={geometry()}>
      {(shape) => (
        <g class="edge" classList={{ selected: selected(), active: active(), dimmed: dimmed() }} data-edge-id={id} onPointerEnter={() => setHovered(id)} onPointerLeave={() => setHovered((current) => (current === id ? undefined : current))}>
          <path class="edge-hit" d={shape().path} onClick={select} />
          <Show when={props.pieces && !active()} fallback={<path class="edge-path" d={shape().arrow} />}>
            <Index each={edgePieces(shape())}>{(piece) => <path class="edge-path" d={piece()} />}</Index>
          </Show>
          <Show when={shape().label}>
            {(label) => (
              <g class="edge-label" transform={`translate(${shape().labelX} ${shape().labelY})`}>
                <rect x={-(label().length * 3.4 + 7)} y="-8" width={label().length * 6.8 + 14} height="16" rx="8" />
                <text text-anchor="middle" dominant-baseline="central">
                  {label()}
                </text>
              </g>
            )}
          </Show>
        </g>
      )}
    </Show>
  );
}

/** The line that follows the pointer while connecting (over the cards); red when the target would refuse. */
export function ConnectionLine(props: { ctx: CanvasContext }) {
  const line = createMemo(() => {
    const state = props.ctx.connections.state();
    if (!state.inProgress) return undefined;
    const to = pointToRendererPoint(state.to, props.ctx.viewport.transform());
    const [path] = getBezierPath({
      sourceX: state.from.x,
      sourceY: state.from.y,
      sourcePosition: state.fromPosition,
      targetX: to.x,
      targetY: to.y,
      targetPosition: state.toPosition,
    });
    return { path, valid: state.isValid };
  });
  return (
    <Show when={line()}>
      {(current) => (
        <svg class="edges connection-layer">
          <path class="connection-line" classList={{ valid: current().valid === true, invalid: current().valid === false }} d={current().path} />
        </svg>
      )}
    </Show>
  );
}
