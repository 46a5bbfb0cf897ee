import type { CompiledEdge, CompiledNode } from "./compile-flow.ts";

export interface FoundCycle {
  /** Node ids along the cycle, first and last the same: `["a", "b", "a"]`. */
  readonly ids: string[];
  /** The edge that closes it (the last one of `ids`). */
  readonly closing: CompiledEdge;
}

/**
 * Finds one cycle, or `undefined` for a DAG: peel off every node that is not on or behind a
 * cycle (Kahn), then walk predecessors among the rest until a node repeats. Works on node
 * indexes, never on ids as object keys (a node may be called `__proto__`), and iteratively,
 * so a 100,000-node chain cannot overflow the stack.
 * @example findCycle(compiledNodesOf("a→b→c→a"))?.ids // ["a", "b", "c", "a"]
 */
export function findCycle(nodes: readonly CompiledNode[]): FoundCycle | undefined {
  const inDegree = Int32Array.from(nodes, (node) => node.inEdges.length);
  const queue = nodes.filter((node) => node.inEdges.length === 0).map((node) => node.index);
  let peeled = 0;
  while (queue.length) {
    const index = queue.pop()!;
    peeled++;
    for (const edge of nodes[index]!.outEdges) if (--inDegree[edge.target]! === 0) queue.push(edge.target);
  }
  if (peeled === nodes.length) return undefined;
  const remaining = (index: number) => inDegree[index]! > 0;
  const walk: number[] = [];
  const edges: CompiledEdge[] = [];
  const position = new Map<number, number>();
  let current = nodes.findIndex((node) => remaining(node.index));
  while (!position.has(current)) {
    position.set(current, walk.length);
    walk.push(current);
    const edge = nodes[current]!.inEdges.find((candidate) => remaining(candidate.source))!;
    edges.push(edge);
    current = edge.source;
  }
  // The walk went against the edges: forwards, the loop is current → walk[last] → … → current.
  const at = position.get(current)!;
  const ids = [current, ...walk.slice(at + 1).reverse(), current].map((index) => nodes[index]!.id);
  return { ids, closing: edges[at]! };
}
