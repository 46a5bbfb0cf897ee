import { createMemo, type Accessor } from "solid-js";

/**
 * Below this zoom, edges are drawn one screen pixel wide (`.edges.thin`, canvas.css) instead of
 * 1.6 flow units (1.0-1.3 screen px from 62 % to 80 %, a little less than 1 below: the look barely
 * changes). A stroke at most one device pixel wide is what Skia draws as a hairline, without
 * building the stroke's outline and filling it anti-aliased. The edges of a dragged node leave the flow's layer at the lift and come back at the
 * release, and a long edge's bounds cover much of the view: at 64 % with 550 cards each of those
 * re-rasterised ~35 tiles of cards and edges for 95-100 ms of CPU, now 35-45 ms (an edges-only
 * tile ~4× cheaper; canvas-probe.ts ACT=drag-steps, load 6-8). Zoomed in further, edges keep
 * their width, which grows with the zoom.
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
