import { createEffect, onCleanup, onMount, untrack } from "solid-js";
import { getBoundsOfRects, getInternalNodesBounds, infiniteExtent, XYMinimap, type Rect } from "@xyflow/system";
import { nodeVisual } from "../ui/node-visuals.ts";
import type { CanvasContext } from "./canvas-context.ts";
import { frameScheduler } from "./frame-scheduler.ts";

const width = 200;
const height = 140;

/**
 * The whole flow in a corner (XYMinimap): drag it (or wheel over it) to pan and zoom, click
 * a spot to centre the view there. Nodes are drawn on a small <canvas> (a thousand `fillRect`s,
 * not a thousand elements), redrawn when they move; the view is a rectangle moved by a
 * transform, so panning repaints nothing.
 */
export function Minimap(props: { ctx: CanvasContext }) {
  const { lookup, viewport, session } = props.ctx;
  let canvas!: HTMLCanvasElement;
  let viewRect!: HTMLDivElement;
  /** Flow coordinates of the minimap's top-left corner, and flow units per minimap pixel. */
  let frame = { x: 0, y: 0, scale: 0 };
  let nodesDirty = true;

  const viewBox = (): Rect => {
    const [x, y, zoom] = viewport.transform();
    const size = viewport.size();
    return { x: -x / zoom, y: -y / zoom, width: size.width / zoom, height: size.height / zoom };
  };

  /**
   * Fits the nodes and the view, with slack: while the view pans inside the frame, the
   * frame (and so the node drawing) stays put and only the view rectangle moves.
   */
  function place(view: Rect): boolean {
    const box = lookup.nodeLookup.size ? getBoundsOfRects(getInternalNodesBounds(lookup.nodeLookup), view) : view;
    const needed = Math.max(box.width / width, box.height / height) || 1;
    const inside = box.x >= frame.x && box.y >= frame.y && box.x + box.width <= frame.x + width * frame.scale && box.y + box.height <= frame.y + height * frame.scale;
    if (inside && frame.scale < needed * 1.6) return false;
    const scale = needed * 1.15;
    frame = { x: box.x + box.width / 2 - (width / 2) * scale, y: box.y + box.height / 2 - (height / 2) * scale, scale };
    return true;
  }

  let surface: HTMLCanvasElement | OffscreenCanvas | undefined;
  /**
   * Drawn through an OffscreenCanvas when the browser has one: its frames go straight to the
   * compositor, whereas redrawing a plain canvas repaints the document (a thousand cards).
   */
  const context2d = () => {
    surface ??= "transferControlToOffscreen" in canvas ? canvas.transferControlToOffscreen() : canvas;
    const ratio = devicePixelRatio;
    if (surface.width !== width * ratio) (surface.width = width * ratio), (surface.height = height * ratio);
    return surface.getContext("2d") as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  };

  /**
   * The theme's accent, read when the minimap mounts and when the colour scheme changes, not
   * per drawing: reading a computed style forces a style pass over the whole page, which
   * after a paste of 500 cards cost ~35 ms of main thread per redraw.
   */
  let accent = "";
  const readAccent = () => (accent = getComputedStyle(canvas).getPropertyValue("--accent"));

  function drawNodes(): void {
    const ratio = devicePixelRatio;
    const context = context2d();
    if (!context) return;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, width * ratio, height * ratio);
    const k = ratio / frame.scale;
    context.setTransform(k, 0, 0, k, -frame.x * k, -frame.y * k);
    const selected = new Path2D();
    const chosen = session.selection.nodes();
    const byColor = new Map<string, Path2D>();
    for (const [id, node] of lookup.nodeLookup) {
      const { x, y } = node.internals.positionAbsolute;
      const w = node.measured.width ?? 0;
      const h = node.measured.height ?? 0;
      const color = nodeVisual(node.type ?? "").color;
      let path = byColor.get(color);
      if (!path) byColor.set(color, (path = new Path2D()));
      path.rect(x, y, w, h);
      if (chosen.has(id)) selected.rect(x, y, w, h);
    }
    context.globalAlpha = 0.85;
    for (const [color, path] of byColor) (context.fillStyle = color), context.fill(path);
    context.globalAlpha = 1;
    context.lineWidth = 2 * frame.scale;
    context.strokeStyle = accent;
    context.stroke(selected);
  }

  function draw(): void {
    untrack(() => {
      const view = viewBox();
      if (place(view) || nodesDirty) drawNodes();
      nodesDirty = false;
      const left = (view.x - frame.x) / frame.scale;
      const top = (view.y - frame.y) / frame.scale;
      viewRect.style.transform = `translate(${left}px, ${top}px)`;
      viewRect.style.width = `${view.width / frame.scale}px`;
      viewRect.style.height = `${view.height / frame.scale}px`;
    });
  }

  const redraw = frameScheduler(draw);
  const redrawNodes = () => ((nodesDirty = true), redraw.schedule());
  createEffect(() => {
    viewport.transform();
    viewport.size();
    redraw.schedule();
  });
  createEffect(() => (session.selection.nodes(), redrawNodes()));

  onMount(() => {
    readAccent();
    redraw.now();
    onCleanup(lookup.onGeometryChange(redrawNodes));
    const scheme = matchMedia("(prefers-color-scheme: dark)");
    const onScheme = () => (readAccent(), redrawNodes());
    scheme.addEventListener("change", onScheme);
    const minimap = XYMinimap({ domNode: canvas, panZoom: viewport.panZoom, getTransform: viewport.transform, getViewScale: () => frame.scale });
    createEffect(() => minimap.update({ translateExtent: infiniteExtent, width: viewport.size().width, height: viewport.size().height, pannable: true, zoomable: true }));
    const centre = (event: MouseEvent) => viewport.centreOn({ x: frame.x + event.offsetX * frame.scale, y: frame.y + event.offsetY * frame.scale }, { duration: 200 });
    canvas.addEventListener("click", centre);
    onCleanup(() => {
      scheme.removeEventListener("change", onScheme);
      canvas.removeEventListener("click", centre);
      minimap.destroy();
    });
  });

  return (
    <div class="canvas-minimap nowheel">
      <canvas ref={canvas} style={{ width: `${width}px`, height: `${height}px` }} role="img" aria-label="Minimap: drag to pan, click to centre" />
      <div ref={viewRect} class="minimap-view" />
    </div>
  );
}
