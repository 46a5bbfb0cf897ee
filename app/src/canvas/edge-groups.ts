/** How many svg elements the settled edges are spread over. */
export const edgeGroups = 16;

/**
 * The edges spread over `edgeGroups` svg elements, each edge always in the same one (by its id).
 * Why: when a dragged node's edges leave or come back, Chrome records the paint of each svg they
 * were in again, every path of it (an svg's children are not cached apart), and the 750 edges of
 * a 64 % view are ~6,000 paths (edge-pieces.ts): in one svg, ~5 ms of paint and as much again in
 * layerization at the lift and at the drop. Spread out, the few svgs the edges were in are.
 * @example groupEdges(["e1", "e2"]).flat() // ["e1", "e2"], in some order
 */
export function groupEdges(ids: readonly string[]): string[][] {
  const groups = Array.from({ length: edgeGroups }, () => [] as string[]);
  for (const id of ids) groups[groupOf(id)]!.push(id);
  return groups;
}

/** A stable group for an id (a string hash). */
const groupOf = (id: string): number => {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0;
  return (hash >>> 0) % edgeGroups;
};
