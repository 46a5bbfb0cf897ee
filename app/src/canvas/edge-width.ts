import { createMemo, type Accessor } from "solid-js";

/**
 * Below this zoom, edges are drawn one screen pixel wide (`.edges.thin`, canvas.css) instead of
 * 1 flow unit, which there is under a device pixel and drawn faint. A stroke at most one device
 * pixel wide is what Skia draws as a hairline, without building the stroke's outline and filling
 * it anti-aliased (at 1.6 units, the width before, the edges of a dragged node leaving the flow's
 * layer at the lift re-rasterised ~35 tiles at 64 % with 550 cards: 95-100 ms of CPU, against
 * 35-45 ms as hairlines; canvas-probe.ts ACT=drag-steps, load 6-8). Zoomed in further, edges
 * keep their width in flow units, which grows with the zoom.
 */
export const thinEdgesBelow = 0.8;

/**
 * Whether edges are thin at `zoom`. While the view moves the answer stays `was`: switching
 * restyles and repaints every edge, which at the end of a zoom costs nothing more (Chrome
 * re-rasterises the zoomed layers at their new scale then), but in the middle of one, a raster
 * of every edge tile.
 * @example thinEdges(false, 0.64, false) // true
 */
export function thinEdges(was: boolean, zoom: number, moving: boolean): boolean {
  return moving ? was : zoom < thinEdgesBelow;
}

/** `thinEdges` as a memo over the viewport's zoom and movement. */
export function createThinEdges(zoom: Accessor<number>, moving: Accessor<boolean>): Accessor<boolean> {
  return createMemo<boolean>((was) => thinEdges(was, zoom(), moving()), zoom() < thinEdgesBelow);
}
