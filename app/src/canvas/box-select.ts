import { createSignal, type Accessor } from "solid-js";
import { unwrap } from "solid-js/store";
import { getEventPosition, pointToRendererPoint, type Rect } from "@xyflow/system";
import type { EditorSession } from "../editor/editor-session.ts";
import type { FlowLookup } from "./flow-lookup.ts";
import type { CanvasViewport } from "./viewport.ts";

export interface BoxSelect {
  /** The box being drawn, in pane coordinates. */
  readonly rect: Accessor<Rect | undefined>;
  onPointerDown(event: PointerEvent): void;
  onPointerMove(event: PointerEvent): void;
  onPointerUp(event: PointerEvent): void;
  /** Click on the empty pane: clears the selection, unless it ended a box. */
  onClick(event: MouseEvent): void;
}

/**
 * A left drag on the empty pane draws a box; nodes fully inside are selected, with the
 * edges between them. Shift/Ctrl/Cmd adds to the selection instead of replacing it. A click
 * selects what `pick` finds there (overview nodes), or clears the selection.
 */
export function createBoxSelect(
  session: EditorSession,
  lookup: FlowLookup,
  viewport: CanvasViewport,
  panning: () => boolean,
  /** A node drawn on the pane itself (the overview has no node elements) under a click. */
  pick: (event: MouseEvent) => string | undefined,
): BoxSelect {
  const [rect, setRect] = createSignal<Rect>();
  let start: { x: number; y: number; bounds: DOMRect; base: ReadonlySet<string>; baseEdges: ReadonlySet<string> } | undefined;
  let endedBox = false;

  function selectInside(box: Rect, additive: boolean, base: ReadonlySet<string>, baseEdges: ReadonlySet<string>): void {
    const a = pointToRendererPoint({ x: box.x, y: box.y }, viewport.transform());
    const b = pointToRendererPoint({ x: box.x + box.width, y: box.y + box.height }, viewport.transform());
    const inside = new Set(additive ? base : []);
    for (const [id, node] of lookup.nodeLookup) {
      const { x, y } = node.internals.positionAbsolute;
      if (x >= a.x && y >= a.y && x + (node.measured.width ?? 0) <= b.x && y + (node.measured.height ?? 0) <= b.y) inside.add(id);
    }
    const edges = new Set(additive ? baseEdges : []);
    // Plain objects, at every pointer move: store proxies cost a lookup per property read.
    for (const [id, edge] of Object.entries(unwrap(session.view.edges))) if (inside.has(edge.source) && inside.has(edge.target)) edges.add(id);
    if (!sameSet(inside, session.selection.nodes()) || !sameSet(edges, session.selection.edges())) session.selection.select({ nodes: inside, edges });
  }

  return {
    rect,
    onPointerDown(event) {
      if (event.button !== 0 || !startsOnPane(event) || panning()) return;
      const pane = event.currentTarget as HTMLElement;
      const bounds = pane.getBoundingClientRect();
      const { x, y } = getEventPosition(event, bounds);
      start = { x, y, bounds, base: session.selection.nodes(), baseEdges: session.selection.edges() };
    },
    onPointerMove(event) {
      if (!start) return;
      const { x, y } = getEventPosition(event, start.bounds);
      const box = { x: Math.min(x, start.x), y: Math.min(y, start.y), width: Math.abs(x - start.x), height: Math.abs(y - start.y) };
      if (!rect() && box.width < 4 && box.height < 4) return;
      // Captured once it is a box, not at the press: a click on an edge must still reach the edge.
      if (!rect()) (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
      setRect(box);
      selectInside(box, event.shiftKey || event.ctrlKey || event.metaKey, start.base, start.baseEdges);
    },
    onPointerUp(event) {
      if (!start) return;
      (event.currentTarget as HTMLElement).releasePointerCapture?.(event.pointerId);
      endedBox = !!rect();
      start = undefined;
      setRect(undefined);
    },
    onClick(event) {
      if (event.target !== event.currentTarget) return;
      if (endedBox) return void (endedBox = false);
      const additive = event.shiftKey || event.ctrlKey || event.metaKey;
      const hit = pick(event);
      if (hit) return additive ? session.selection.toggleNode(hit) : session.selection.select({ nodes: [hit] });
      if (!additive) session.selection.clear();
    },
  };
}

/** The empty pane, or an edge's thin hit area: a drag from an edge draws a box too (a click still selects the edge). */
function startsOnPane(event: PointerEvent): boolean {
  return event.target === event.currentTarget || (event.target instanceof Element && event.target.classList.contains("edge-hit"));
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const item of a) if (!b.has(item)) return false;
  return true;
}
