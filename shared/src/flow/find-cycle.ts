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
  // Typed arrays and index loops: this runs once per flow, on 10,000s of nodes, mostly before
  // V8 optimizes it, where a callback or an iterator per node costs more than the work.
  const count = nodes.length;
  const inDegree = new Int32Array(count);
  const queue = new Int32Array(count); // each node enters it once, when nothing leads to it any more
  let queued = 0;
  for (let index = 0; index < count; index++) {
    const degree = nodes[index]!.inEdges.length;
    inDegree[index] = degree;
    if (degree === 0) queue[queued++] = index;
  }
  let peeled = 0;
  while (peeled < queued) {
    const outEdges = nodes[queue[peeled++]!]!.outEdges;
    for (let e = 0; e < outEdges.length; e++) {
      const target = outEdges[e]!.target;
      if (--inDegree[target]! === 0) queue[queued++] = target;
    }
  }
  if (peeled === count) return undefined;
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
