/**
 * Why the overview is cut into chunks: Chrome rasterises a layer in tiles, and every tile
 * draws each path whose bounds touch it, the whole path. One path for a thousand edges is
 * stroked once per tile (seventy tiles on a large window, half a second of raster each time
 * the cards change); paths that each hold what lies in one region are stroked only by the
 * tiles they touch.
 */

/** Side of the smallest region, in flow units (a few 256 px tiles at the overview's zoom). */
const cellSize = 800;

/**
 * The chunk a shape goes in, from its bounding box: a region of the smallest size that
 * spans the box (a quadtree level), keyed by the region holding its top-left corner, so a
 * chunk's bounds stay within twice its region's size however long its shapes are.
 * @example chunkOf(0, 0, 220, 56) // "0:0:0"
 */
export function chunkOf(x: number, y: number, x2: number, y2: number): string {
  const extent = Math.max(x2 - x, y2 - y);
  let size = cellSize;
  let level = 0;
  while (size < extent) (size *= 2), level++;
  return `${level}:${Math.floor(x / size)}:${Math.floor(y / size)}`;
}

/** Path data gathered by key (`group`, chunk), appended to as shapes come. */
export class ChunkedPaths {
  readonly #paths = new Map<string, { group: string; chunk: string; d: string[] }>();

  add(group: string, chunk: string, d: string): void {
    const key = `${group} ${chunk}`;
    const entry = this.#paths.get(key);
    if (entry) entry.d.push(d);
    else this.#paths.set(key, { group, chunk, d: [d] });
  }

  /** The groups in use, in the order they first came. */
  groups(): string[] {
    return [...new Set([...this.#paths.values()].map((entry) => entry.group))];
  }

  /**
   * Writes the paths into `container`, reusing its <path> children (no element is created
   * while the flow keeps its shape), in the order of `groups`; `style` dresses each path.
   */
  render(container: SVGGElement, groups: readonly string[], style: (path: SVGPathElement, group: string) => void): void {
    const existing = container.children;
    let index = 0;
    for (const group of groups) {
      for (const entry of this.#paths.values()) {
        if (entry.group !== group) continue;
        const path = (existing[index] as SVGPathElement | undefined) ?? container.appendChild(document.createElementNS("http://www.w3.org/2000/svg", "path"));
        index++;
        const d = entry.d.join("");
        if (path.getAttribute("d") !== d) path.setAttribute("d", d);
        style(path, group);
      }
    }
    while (existing.length > index) existing[existing.length - 1]!.remove();
  }
}
