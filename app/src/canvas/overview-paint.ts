/**
 * Painting the overview (overview-canvas.tsx) from plain data: the flow's shapes with their
 * colours resolved, and the view. Plain data because it runs in the overview worker
 * (overview-worker.ts), where the canvas's software raster (about 10 ms a frame for a
 * 1,000-node flow at 1600 × 1000, done when the frame commits) does not hold the page's
 * thread while the wheel turns; and on the page where OffscreenCanvas is missing.
 */
import { paintGrid } from "./overview-grid.ts";

/** A set of edges drawn alike. */
export interface EdgeStroke {
  /** SVG path data of every edge in the set, in flow coordinates. */
  readonly path: string;
  readonly color: string;
  /** In screen pixels, whatever the zoom. */
  readonly width: number;
  readonly alpha: number;
}

/** Node blocks of one fill colour: x, y, width, height per node, in flow coordinates. */
export interface NodeFill {
  readonly color: string;
  readonly rects: Float64Array;
}

export interface OverviewShapes {
  readonly edges: readonly EdgeStroke[];
  readonly nodes: readonly NodeFill[];
  /** The blocks' outline colour (the panel's), so neighbours stay apart. */
  readonly outline: string;
  /** Rects of the selected nodes, outlined in `accent`. */
  readonly selected: Float64Array;
  readonly accent: string;
  /** The pane's background and its grid's dots (overview-grid.ts): the canvas is opaque. */
  readonly background: string;
  readonly grid: string;
}

export interface OverviewView {
  /** [x, y, zoom], as the viewport's transform. */
  readonly transform: readonly [number, number, number];
  /** CSS pixels. */
  readonly width: number;
  readonly height: number;
  readonly ratio: number;
}

/** Paths built once per shapes (Path2D parses the SVG data), reused at every view. */
export interface PreparedShapes {
  readonly shapes: OverviewShapes;
  readonly edges: readonly Path2D[];
  readonly nodes: readonly Path2D[];
  readonly selected: Path2D | undefined;
}

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export function prepareShapes(shapes: OverviewShapes): PreparedShapes {
  const rectsPath = (rects: Float64Array) => {
    const path = new Path2D();
    for (let i = 0; i + 3 < rects.length; i += 4) path.rect(rects[i]!, rects[i + 1]!, rects[i + 2]!, rects[i + 3]!);
    return path;
  };
  return {
    shapes,
    edges: shapes.edges.map((edge) => new Path2D(edge.path)),
    nodes: shapes.nodes.map((fill) => rectsPath(fill.rects)),
    selected: shapes.selected.length ? rectsPath(shapes.selected) : undefined,
  };
}

/**
 * Draws the prepared shapes for `view` on a canvas sized to it (resized when the view's size
 * changed).
 * @example paintOverview(canvas, canvas.getContext("2d")!, prepareShapes(shapes), view)
 */
export function paintOverview(canvas: HTMLCanvasElement | OffscreenCanvas, g: Context2D, prepared: PreparedShapes | undefined, view: OverviewView): void {
  const pixelWidth = Math.round(view.width * view.ratio);
  const pixelHeight = Math.round(view.height * view.ratio);
  if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) (canvas.width = pixelWidth), (canvas.height = pixelHeight);
  g.setTransform(1, 0, 0, 1, 0, 0);
  if (!prepared) return g.clearRect(0, 0, pixelWidth, pixelHeight);
  paintGrid(g, pixelWidth, pixelHeight, view.transform, view.ratio, prepared.shapes.background, prepared.shapes.grid);
  const [x, y, zoom] = view.transform;
  g.setTransform(view.ratio * zoom, 0, 0, view.ratio * zoom, view.ratio * x, view.ratio * y);
  g.lineCap = "round";
  g.lineJoin = "round";
  prepared.shapes.edges.forEach((edge, i) => {
    g.globalAlpha = edge.alpha;
    g.strokeStyle = edge.color;
    g.lineWidth = edge.width / zoom;
    g.stroke(prepared.edges[i]!);
  });
  g.globalAlpha = 1;
  g.strokeStyle = prepared.shapes.outline;
  g.lineWidth = 1 / zoom;
  prepared.shapes.nodes.forEach((fill, i) => {
    g.fillStyle = fill.color;
    g.fill(prepared.nodes[i]!);
    g.stroke(prepared.nodes[i]!);
  });
  if (prepared.selected) {
    g.strokeStyle = prepared.shapes.accent;
    g.lineWidth = 3 / zoom;
    g.stroke(prepared.selected);
  }
}
