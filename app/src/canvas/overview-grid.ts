/**
 * The dot grid, for the page's grid layer (canvas.tsx) and painted by the overview canvas
 * (overview-paint.ts) under the flow while that canvas is on screen. Why twice: with software
 * compositing each layer that covers the pane costs ~3-4 ms to draw at every frame of a wheel
 * zoom (trace: SoftwareRenderer::DoDrawQuad); the overview canvas paints the background and the
 * dots itself, opaque, and the grid layer is hidden meanwhile, so a frame draws one layer there
 * instead of three.
 */
import { gridSize } from "./node-geometry.ts";

/** The dots' spacing on screen (`gap`, CSS px) and the tile size the dots are drawn at (`painted`). */
export interface GridStep {
  readonly gap: number;
  readonly painted: number;
}

/**
 * The grid at `zoom`: a dot every `gap` px (the flow's grid cell on screen, times 5 while that is
 * under 10 px), drawn in tiles of `painted` px, a power of √2 near `gap`, scaled to `gap`: the
 * tile changes size only every √2 of zoom, so the dots grow or shrink a little in between.
 * @example gridStep(1) // { gap: 20, painted: 22.63 }
 */
export function gridStep(zoom: number): GridStep {
  let gap = gridSize * zoom;
  while (gap < 10) gap *= 5;
  return { gap, painted: 2 ** (Math.round(Math.log2(gap) * 2) / 2) };
}

/** A dot's radius in a tile's px: solid up to here, fading out to `fadeTo` (as the CSS radial-gradient). */
const dotRadius = 1.1;
const fadeTo = 1.4;

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
type Tile = { key: string; pattern: CanvasPattern; size: number };
let tile: Tile | undefined;

/** One dot centred in a square tile of `size` device px, as a repeating pattern (cached). */
function dotTile(g: Context2D, size: number, ratio: number, colour: string): Tile {
  const key = `${size},${ratio},${colour}`;
  if (tile?.key === key) return tile;
  const canvas = typeof OffscreenCanvas === "function" ? new OffscreenCanvas(size, size) : Object.assign(document.createElement("canvas"), { width: size, height: size });
  const t = canvas.getContext("2d") as Context2D;
  const c = size / 2;
  const gradient = t.createRadialGradient(c, c, 0, c, c, fadeTo * ratio);
  gradient.addColorStop(0, colour);
  gradient.addColorStop(dotRadius / fadeTo, colour);
  gradient.addColorStop(1, "transparent");
  t.fillStyle = gradient;
  t.fillRect(0, 0, size, size);
  tile = { key, pattern: g.createPattern(canvas, "repeat")!, size };
  return tile;
}

/**
 * Fills the whole canvas with `background` and the grid's dots for the view `[x, y, zoom]`
 * (device pixel `ratio`), where the grid layer would draw them: dots at x ≡ view x (mod gap).
 * @example paintGrid(g, 1600, 1000, [0, 0, 1], 1, "#fbfbfc", "#e2e2e8")
 */
export function paintGrid(g: Context2D, width: number, height: number, transform: readonly [number, number, number], ratio: number, background: string, colour: string): void {
  const [x, y, zoom] = transform;
  const { gap, painted } = gridStep(zoom);
  g.setTransform(1, 0, 0, 1, 0, 0);
  g.fillStyle = background;
  g.fillRect(0, 0, width, height);
  const dots = dotTile(g, Math.max(4, Math.round(painted * ratio)), ratio, colour);
  const scale = (gap * ratio) / dots.size;
  const origin = (value: number) => ratio * ((((value % gap) + gap) % gap) - gap / 2);
  dots.pattern.setTransform(new DOMMatrix([scale, 0, 0, scale, origin(x), origin(y)]));
  g.fillStyle = dots.pattern;
  g.fillRect(0, 0, width, height);
}
