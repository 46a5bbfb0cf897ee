import { createEffect, on, onCleanup, untrack, type Accessor } from "solid-js";
import { unwrap } from "solid-js/store";
import type { DocView, EdgeView } from "../editor/doc-mirror.ts";
import type { CanvasInternalNode, FlowLookup } from "./flow-lookup.ts";
import type { CanvasViewport } from "./viewport.ts";
import { sourcePoint, targetPoint } from "./node-geometry.ts";
import { createMountBudget } from "./mount-budget.ts";

/** Up to this many nodes everything is drawn: culling (and the overview) pay off on big flows. */
export const cullAbove = 150;

interface Box {
  x: number;
  y: number;
  x2: number;
  y2: number;
}

/**
 * Which nodes and edges to draw as elements: those in or near the view (a margin of a whole
 * view on each side, so panning redraws the set only now and then), plus those of `keep` (the
 * selection) that are drawn already, so a dragged card is never culled under the pointer. A
 * selected node away from the view gets no card until it comes near: pasting 500 nodes or
 * selecting all would otherwise build hundreds of cards no one sees (the selection lives in
 * the store, so a card made later shows as selected; moves by key or drag go through the
 * doc, not the cards). In `overview` (a big flow, far out) the overview canvas draws
 * everything and the set stays as it was (its cards are hidden by one class on the viewport,
 * not removed), so crossing the level of detail creates nothing. Recomputed at most once per
 * animation frame; new elements arrive in batches over frames (mount-budget.ts), nearest the
 * view first, and `filling` says some are still on their way.
 */
export function createCulling(view: DocView, lookup: FlowLookup, viewport: CanvasViewport, keep: Accessor<ReadonlySet<string>>, overview: Accessor<boolean>) {
  const nodes = createMountBudget();
  const edges = createMountBudget();
  let region: Box | undefined;
  let frame = 0;
  /** The next `update` moves the region to the view. */
  let moveRegion = false;

  const viewBox = (): Box => {
    const [x, y, zoom] = viewport.transform();
    const { width, height } = viewport.size();
    return { x: -x / zoom, y: -y / zoom, x2: (width - x) / zoom, y2: (height - y) / zoom };
  };

  /** Works out the set now, around the view as it is (the region moves to it). */
  function compute(): void {
    moveRegion = true;
    update();
  }

  /**
   * Works out the set: in the region as it is, unless something asked for it to move (the view
   * left it, zoomed far into it, or `compute`). A move of nodes, a new edge or a node leaving the
   * selection recounts in place: moving the region to the view at the first step of a drag (the
   * view had moved within it since) took ~50 cards and 28 edges off the page in that frame, and
   * put others on (trace, canvas-probe.ts ACT=drag-steps).
   */
  function update(): void {
    cancelAnimationFrame(frame);
    frame = 0;
    const move = moveRegion || !region;
    moveRegion = false;
    untrack(() => {
      if (overview()) return keepCurrent();
      const all = lookup.nodeLookup.size <= cullAbove;
      const box = viewBox();
      // A whole view each side: panning redraws the set less often, and a drag or a short pan
      // from a settled view finds cards already there (put on the page nearest first, so
      // those in view come first).
      const margin = Math.max(box.x2 - box.x, box.y2 - box.y);
      if (move || !region) region = { x: box.x - margin, y: box.y - margin, x2: box.x2 + margin, y2: box.y2 + margin };
      const kept = keep();
      const drawn = kept.size ? new Set(nodes.items()) : undefined;
      const nextNodes: string[] = [];
      for (const [id, node] of lookup.nodeLookup) {
        const { x, y } = node.internals.positionAbsolute;
        if (all || (drawn?.has(id) && kept.has(id)) || overlaps(region, x, y, x + (node.measured.width ?? 0), y + (node.measured.height ?? 0))) nextNodes.push(id);
      }
      const nextEdges: string[] = [];
      // Plain objects in the hot loop: store proxies cost a lookup per property read.
      for (const [id, edge] of Object.entries(unwrap(view.edges))) if (all || edgeInside(edge, region)) nextEdges.push(id);
      const order = nearFirst(box);
      nodes.setTarget(nextNodes, order.nodes);
      edges.setTarget(nextEdges, order.edges);
      // A small flow is drawn whole at once: a few dozen elements fit in a frame.
      if (all) (nodes.flush(), edges.flush());
    });
  }

  /**
   * In the overview: the set stays, minus nodes that went. The selection adds nothing: all
   * cards are hidden here, and a paste of hundreds of (selected) nodes must not build theirs.
   */
  function keepCurrent(): void {
    const current = nodes.items();
    const next = current.filter((id) => lookup.nodeLookup.has(id));
    if (next.length !== current.length) (nodes.setTarget(next), nodes.flush());
    const edgesNow = edges.items();
    const nextEdges = edgesNow.filter((id) => view.edges[id] !== undefined);
    if (nextEdges.length !== edgesNow.length) (edges.setTarget(nextEdges), edges.flush());
  }

  /** Orders ids by their distance from the view's centre (an edge by its target's). */
  function nearFirst(box: Box) {
    const centre = { x: (box.x + box.x2) / 2, y: (box.y + box.y2) / 2 };
    const nodeDistance = (id: string) => distance(lookup.nodeLookup.get(id), centre);
    const plainEdges = unwrap(view.edges); // once, not once per comparison
    const edgeDistance = (id: string) => distance(lookup.nodeLookup.get(plainEdges[id]?.target ?? ""), centre);
    return { nodes: (a: string, b: string) => nodeDistance(a) - nodeDistance(b), edges: (a: string, b: string) => edgeDistance(a) - edgeDistance(b) };
  }

  function edgeInside(edge: EdgeView, box: Box): boolean {
    const source = lookup.nodeLookup.get(edge.source);
    const target = lookup.nodeLookup.get(edge.target);
    if (!source || !target) return false;
    const from = sourcePoint(source.type ?? "", source.internals.positionAbsolute, sizeOf(source), edge.sourcePort);
    const to = targetPoint(target.internals.positionAbsolute, sizeOf(target));
    return overlaps(box, Math.min(from.x, to.x), Math.min(from.y, to.y), Math.max(from.x, to.x), Math.max(from.y, to.y));
  }

  function insideRegion(id: string): boolean {
    const node = lookup.nodeLookup.get(id);
    if (!node || !region) return false;
    const { x, y } = node.internals.positionAbsolute;
    return overlaps(region, x, y, x + (node.measured.width ?? 0), y + (node.measured.height ?? 0));
  }

  /** An `update` at the next frame; `move`: with the region moved to the view. */
  const schedule = (move = false) => {
    moveRegion ||= move;
    if (!frame) frame = requestAnimationFrame(() => update());
  };

  // The view left the drawn region (the set must grow or move), or zoomed far into it (shrink).
  createEffect(
    on([viewport.transform, viewport.size], () => {
      if (!region || untrack(overview)) return;
      const box = viewBox();
      const outside = box.x < region.x || box.y < region.y || box.x2 > region.x2 || box.y2 > region.y2;
      const tooBig = (region.x2 - region.x) * (region.y2 - region.y) > 16 * (box.x2 - box.x) * (box.y2 - box.y);
      if (outside || tooBig) schedule(true);
    }),
  );
  createEffect(on(() => Object.keys(view.edges).length, () => schedule(), { defer: true }));
  // A node joining the selection changes nothing (it is kept only if drawn, and then it is in
  // the set already); one leaving it loses its card only if it lies outside the region (dragged
  // out of it). A box select changes the selection at each pointer move: a recount of every
  // node and edge there was a few milliseconds of each frame of the drag for nothing.
  createEffect(
    on(keep, (next, previous) => {
      if (!previous) return;
      for (const id of previous) if (!next.has(id) && !insideRegion(id)) return schedule();
    }, { defer: true }),
  );
  // Into the overview the elements stay (one class on the viewport hides them all, canvas.css);
  // out of it the set is brought up to date at once, and the kept elements show in one frame.
  createEffect(on(overview, () => compute(), { defer: true }));
  onCleanup(lookup.onGeometryChange(() => schedule()));
  onCleanup(() => cancelAnimationFrame(frame));

  const filling = () => nodes.filling() || edges.filling();
  return { nodes: nodes.items, edges: edges.items, filling, compute };
}

const distance = (node: CanvasInternalNode | undefined, to: { x: number; y: number }) =>
  node ? Math.abs(node.internals.positionAbsolute.x - to.x) + Math.abs(node.internals.positionAbsolute.y - to.y) : Infinity;
const sizeOf = (node: CanvasInternalNode) => ({ width: node.measured.width ?? 0, height: node.measured.height ?? 0 });
const overlaps = (box: Box, x: number, y: number, x2: number, y2: number) => x2 >= box.x && x <= box.x2 && y2 >= box.y && y <= box.y2;
