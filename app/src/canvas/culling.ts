import { createEffect, createSignal, on, onCleanup, untrack, type Accessor } from "solid-js";
import type { DocView } from "../editor/doc-mirror.ts";
import type { FlowLookup } from "./flow-lookup.ts";
import type { CanvasViewport } from "./viewport.ts";
import { sourcePoint, targetPoint } from "./node-geometry.ts";

/** Below this many nodes everything is drawn: culling only pays off on big flows. */
const cullAbove = 150;

interface Box {
  x: number;
  y: number;
  x2: number;
  y2: number;
}

/**
 * Which nodes and edges to draw: those in or near the view (a margin of half a view on
 * each side, so panning redraws the set only now and then), plus `keep` (the selection,
 * so a dragged node is never culled). Recomputed at most once per animation frame.
 */
export function createCulling(view: DocView, lookup: FlowLookup, viewport: CanvasViewport, keep: Accessor<ReadonlySet<string>>) {
  const [nodes, setNodes] = createSignal<readonly string[]>([]);
  const [edges, setEdges] = createSignal<readonly string[]>([]);
  let region: Box | undefined;
  let frame = 0;

  const viewBox = (): Box => {
    const [x, y, zoom] = viewport.transform();
    const { width, height } = viewport.size();
    return { x: -x / zoom, y: -y / zoom, x2: (width - x) / zoom, y2: (height - y) / zoom };
  };

  function compute(): void {
    cancelAnimationFrame(frame);
    frame = 0;
    untrack(() => {
      const all = lookup.nodeLookup.size <= cullAbove;
      const box = viewBox();
      const margin = Math.max(box.x2 - box.x, box.y2 - box.y) / 2;
      region = { x: box.x - margin, y: box.y - margin, x2: box.x2 + margin, y2: box.y2 + margin };
      const kept = keep();
      const nextNodes: string[] = [];
      for (const [id, node] of lookup.nodeLookup) {
        const { x, y } = node.internals.positionAbsolute;
        if (all || kept.has(id) || overlaps(region, x, y, x + (node.measured.width ?? 0), y + (node.measured.height ?? 0))) nextNodes.push(id);
      }
      const nextEdges: string[] = [];
      for (const id of Object.keys(view.edges)) if (all || edgeInside(id, region)) nextEdges.push(id);
      if (!sameItems(nodes(), nextNodes)) setNodes(nextNodes);
      if (!sameItems(edges(), nextEdges)) setEdges(nextEdges);
    });
  }

  function edgeInside(id: string, box: Box): boolean {
    const edge = view.edges[id];
    const source = edge && view.nodes[edge.source];
    const target = edge && view.nodes[edge.target];
    if (!edge || !source || !target) return false;
    const from = sourcePoint(source.type, source.position, lookup.size(edge.source, source.type), edge.sourcePort);
    const to = targetPoint(target.position, lookup.size(edge.target, target.type));
    return overlaps(box, Math.min(from.x, to.x), Math.min(from.y, to.y), Math.max(from.x, to.x), Math.max(from.y, to.y));
  }

  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(compute);
  };

  // The view left the drawn region: the set must grow (or move) now.
  createEffect(
    on([viewport.transform, viewport.size], () => {
      if (!region) return;
      const box = viewBox();
      if (box.x < region.x || box.y < region.y || box.x2 > region.x2 || box.y2 > region.y2) schedule();
    }),
  );
  createEffect(on([() => Object.keys(view.edges).length, keep], schedule, { defer: true }));
  onCleanup(lookup.onGeometryChange(schedule));
  onCleanup(() => cancelAnimationFrame(frame));

  return { nodes, edges, compute };
}

const overlaps = (box: Box, x: number, y: number, x2: number, y2: number) => x2 >= box.x && x <= box.x2 && y2 >= box.y && y <= box.y2;

function sameItems(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
