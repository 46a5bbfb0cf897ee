/**
 * dagre orders each rank to cut crossings, and on nested conditions it often puts a
 * condition's `false` branch above its `true` one, so the two edges leaving the card cross.
 * This pass runs after it: for every condition (sources first, so an outer condition is
 * settled before the ones inside its branches), the nodes only its `true` branch reaches go
 * above the nodes only its `false` branch reaches. Nodes both reach (the join) stay put.
 */

/** Space between nodes of one rank in Layout; the branch-order pass keeps the same gap. */
export const layoutNodeGap = 40;

export interface Box {
  x: number;
  y: number;
  readonly width: number;
  readonly height: number;
}

export interface BranchEdge {
  readonly source: string;
  readonly target: string;
  readonly sourcePort?: string | undefined;
}

/** Branch ports in the order they must appear top to bottom, by node type. */
export const branchPorts: Readonly<Record<string, readonly [string, string]>> = { condition: ["true", "false"] };

/**
 * Moves boxes (in place) so every branching node's first branch sits above its second.
 * @example keepBranchOrder(boxes, types, edges, 40) // boxes of the `true` side now above the `false` side
 */
export function keepBranchOrder(boxes: Map<string, Box>, typeOf: (id: string) => string | undefined, edges: readonly BranchEdge[], gap: number): void {
  const out = new Map<string, BranchEdge[]>();
  for (const edge of edges) out.set(edge.source, [...(out.get(edge.source) ?? []), edge]);
  for (const id of topologicalOrder([...boxes.keys()], out)) {
    const ports = branchPorts[typeOf(id) ?? ""];
    if (!ports) continue;
    const [first, second] = ports.map((port) => reachable((out.get(id) ?? []).filter((edge) => edge.sourcePort === port).map((edge) => edge.target), out));
    const upper = [...first!].filter((node) => !second!.has(node) && boxes.has(node));
    const lower = [...second!].filter((node) => !first!.has(node) && boxes.has(node));
    if (upper.length && lower.length) stack(boxes, upper, lower, gap);
  }
}

/** Places `upper` above `lower` within the span they take now, keeping each side's own shape. */
function stack(boxes: Map<string, Box>, upper: string[], lower: string[], gap: number): void {
  const a = span(boxes, upper);
  const b = span(boxes, lower);
  if (a.bottom + gap <= b.top) return; // already in order
  const top = Math.min(a.top, b.top);
  const shiftUpper = top - a.top;
  const shiftLower = top + (a.bottom - a.top) + gap - b.top;
  for (const id of upper) boxes.get(id)!.y += shiftUpper;
  for (const id of lower) boxes.get(id)!.y += shiftLower;
}

function span(boxes: Map<string, Box>, ids: readonly string[]): { top: number; bottom: number } {
  let top = Infinity;
  let bottom = -Infinity;
  for (const id of ids) {
    const box = boxes.get(id)!;
    top = Math.min(top, box.y);
    bottom = Math.max(bottom, box.y + box.height);
  }
  return { top, bottom };
}

function reachable(starts: readonly string[], out: Map<string, BranchEdge[]>): Set<string> {
  const seen = new Set<string>(starts);
  const stackOf = [...starts];
  while (stackOf.length) for (const edge of out.get(stackOf.pop()!) ?? []) if (!seen.has(edge.target)) seen.add(edge.target), stackOf.push(edge.target);
  return seen;
}

/** Kahn's order; nodes on a cycle (an invalid draft) come last, in their given order. */
function topologicalOrder(ids: readonly string[], out: Map<string, BranchEdge[]>): string[] {
  const indegree = new Map(ids.map((id) => [id, 0]));
  for (const edges of out.values()) for (const edge of edges) indegree.set(edge.target, (indegree.get(edge.target) ?? 0) + 1);
  const queue = ids.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (queue.length) {
    const id = queue.shift()!;
    order.push(id);
    for (const edge of out.get(id) ?? []) {
      const left = indegree.get(edge.target)! - 1;
      indegree.set(edge.target, left);
      if (left === 0) queue.push(edge.target);
    }
  }
  const placed = new Set(order);
  return [...order, ...ids.filter((id) => !placed.has(id))];
}
