/**
 * The overview worker: paints the overview (overview-paint.ts) on the canvas the page handed
 * over (transferControlToOffscreen), so the raster of a thousand nodes and edges at every
 * wheel step happens here, not on the page's thread. One worker serves every overview the
 * page shows; each new canvas element replaces the last. Started by overview-canvas.tsx.
 */
import { paintOverview, prepareShapes, type OverviewShapes, type OverviewView, type PreparedShapes } from "./overview-paint.ts";

export interface OverviewMessage {
  readonly canvas?: OffscreenCanvas;
  readonly shapes?: OverviewShapes;
  readonly view?: OverviewView;
}

/** `ready` once loaded; `painted` after each paint. */
export type OverviewReply = "ready" | "painted";

let canvas: OffscreenCanvas | undefined;
let context: OffscreenCanvasRenderingContext2D | undefined;
let prepared: PreparedShapes | undefined;
let view: OverviewView | undefined;
let frame = 0;
/** Whether the page waits to hear of the next paint (a new canvas or new shapes). */
let announce = false;

/** At most once per frame, however many views arrived (the wheel sends one per step). */
function paint(): void {
  frame = 0;
  if (!canvas || !context || !view) return;
  paintOverview(canvas, context, prepared, view);
  if (announce) self.postMessage("painted" satisfies OverviewReply);
  announce = false;
}

self.onmessage = (event: MessageEvent<OverviewMessage>) => {
  const message = event.data;
  if (message.canvas) {
    canvas = message.canvas;
    // Opaque: it paints the pane's background and grid (overview-grid.ts), so what lies under it is not drawn.
    context = canvas.getContext("2d", { alpha: false }) ?? undefined;
  }
  if (message.canvas || message.shapes) announce = true;
  if (message.shapes) prepared = prepareShapes(message.shapes);
  if (message.view) view = message.view;
  if (!frame) frame = requestAnimationFrame(paint);
};

self.postMessage("ready" satisfies OverviewReply);
