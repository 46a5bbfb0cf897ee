import { createSignal, type Accessor } from "solid-js";
import {
  getBoundsOfRects,
  getInternalNodesBounds,
  getViewportForBounds,
  infiniteExtent,
  panBy as panViewportBy,
  PanOnScrollMode,
  pointToRendererPoint,
  XYPanZoom,
  type PanZoomInstance,
  type Rect,
  type Transform,
  type XYPosition,
} from "@xyflow/system";
import type { CanvasInternalNode } from "./flow-lookup.ts";
import type { Size } from "./node-geometry.ts";
import { relayWheelListeners } from "./wheel-relay.ts";

export const minZoom = 0.1;
export const maxZoom = 2.5;
/** Fit view never zooms in past 100%: one node should not fill the screen. */
const maxFitZoom = 1;

/** What the pan/zoom behaviour depends on, besides the transform itself. */
export interface PanZoomMode {
  /** Space held: a left drag on the pane pans instead of drawing a selection box. */
  readonly spacePressed: boolean;
  readonly selecting: boolean;
  readonly connecting: boolean;
}

/**
 * The pane's pan and zoom, driven by XYPanZoom (d3-zoom): wheel and pinch zoom, middle
 * mouse (or Space + left) drag pans. Holds the transform as a signal and converts between
 * screen and flow coordinates.
 */
export interface CanvasViewport {
  readonly panZoom: PanZoomInstance;
  readonly transform: Accessor<Transform>;
  /** The pane's size in CSS pixels. */
  readonly size: Accessor<Size>;
  /** True while a pan or zoom gesture or animation runs. */
  readonly moving: Accessor<boolean>;
  setMode(mode: PanZoomMode): void;
  /** Fits the nodes and the `also` boxes (sticky notes) in view. */
  fitView(nodes: Map<string, CanvasInternalNode>, options?: { duration?: number; also?: readonly Rect[] }): void;
  zoomBy(factor: number): void;
  panBy(delta: XYPosition): Promise<boolean>;
  /** A point given in client (window) coordinates, in flow coordinates. */
  screenToFlow(clientX: number, clientY: number): XYPosition;
  /** The flow coordinates at the centre of the pane. */
  centre(): XYPosition;
  /** Centres the view on a flow point, keeping the zoom. */
  centreOn(point: XYPosition, options?: { duration?: number }): void;
  destroy(): void;
}

export function createViewport(domNode: HTMLElement): CanvasViewport {
  const [transform, setTransform] = createSignal<Transform>([0, 0, 1], { equals: false });
  const [size, setSize] = createSignal<Size>({ width: domNode.clientWidth, height: domNode.clientHeight });
  const [moving, setMoving] = createSignal(false);
  const resize = new ResizeObserver(([entry]) => entry && setSize({ width: entry.contentRect.width, height: entry.contentRect.height }));
  resize.observe(domNode);
  // Before XYPanZoom adds its wheel listener: setMode() re-adds it at each call (see wheel-relay.ts).
  const unrelay = relayWheelListeners(domNode);

  const panZoom = XYPanZoom({
    domNode,
    minZoom,
    maxZoom,
    translateExtent: infiniteExtent,
    viewport: { x: 0, y: 0, zoom: 1 },
    onDraggingChange: () => {},
    onPanZoomStart: () => setMoving(true),
    onPanZoomEnd: () => setMoving(false),
  });

  function setMode(mode: PanZoomMode): void {
    panZoom.update({
      noWheelClassName: "nowheel",
      noPanClassName: "nopan",
      preventScrolling: true,
      panOnScroll: false,
      panOnScrollMode: PanOnScrollMode.Free,
      panOnScrollSpeed: 0.5,
      // Middle mouse always pans; the left button pans only with Space held.
      panOnDrag: mode.spacePressed ? true : [1],
      panActivationKeyPressed: mode.spacePressed,
      userSelectionActive: mode.selecting,
      connectionInProgress: mode.connecting,
      zoomOnPinch: true,
      zoomOnScroll: true,
      zoomOnDoubleClick: false,
      zoomActivationKeyPressed: false,
      lib: "nexus",
      paneClickDistance: 0,
      onTransformChange: (next) => setTransform(next),
    });
  }
  setMode({ spacePressed: false, selecting: false, connecting: false });

  const bounds = () => domNode.getBoundingClientRect();

  return {
    panZoom,
    transform,
    size,
    moving,
    setMode,
    fitView(nodes, options = {}) {
      const { width, height } = size();
      if (width === 0 || height === 0) return;
      const rects = [...(nodes.size ? [getInternalNodesBounds(nodes)] : []), ...(options.also ?? [])];
      const box = rects.reduce(getBoundsOfRects, rects[0]!);
      const viewport = rects.length === 0 ? { x: width / 2, y: height / 2, zoom: 1 } : getViewportForBounds(box, width, height, minZoom, maxFitZoom, 0.12);
      void panZoom.setViewport(viewport, { duration: options.duration ?? 0 });
    },
    zoomBy(factor) {
      void panZoom.scaleBy(factor, { duration: 160 });
    },
    panBy(delta) {
      const { width, height } = size();
      return panViewportBy({ delta, panZoom, transform: transform(), translateExtent: infiniteExtent, width, height });
    },
    screenToFlow(clientX, clientY) {
      const rect = bounds();
      return pointToRendererPoint({ x: clientX - rect.left, y: clientY - rect.top }, transform());
    },
    centre() {
      const { width, height } = size();
      return pointToRendererPoint({ x: width / 2, y: height / 2 }, transform());
    },
    centreOn(point, options = {}) {
      const { width, height } = size();
      const zoom = transform()[2];
      void panZoom.setViewport({ x: width / 2 - point.x * zoom, y: height / 2 - point.y * zoom, zoom }, { duration: options.duration ?? 0 });
    },
    destroy() {
      resize.disconnect();
      panZoom.destroy();
      unrelay();
    },
  };
}
