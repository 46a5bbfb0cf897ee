import type { CompiledFlow } from "../flow/compile-flow.ts";

/**
 * Answers "is `ancestor` upstream of `node`?" for `ctx.nodes[id]`. Computed on first use per
 * node and cached: most flows never ask, and a 10,000-node run must not pay for it.
 */
export function createUpstreamIndex(compiled: CompiledFlow): (node: number, ancestor: number) => boolean {
  const cache = new Map<number, Set<number>>();
  return (node, ancestor) => {
    let ancestors = cache.get(node);
    if (!ancestors) cache.set(node, (ancestors = collectAncestors(compiled, node)));
    return ancestors.has(ancestor);
  };
}

function collectAncestors(compiled: CompiledFlow, start: number): Set<number> {
  const seen = new Set<number>();
  const stack = [start];
  while (stack.length) {
    for (const edge of compiled.nodes[stack.pop()!]!.inEdges) {
      if (!seen.has(edge.source)) {
        seen.add(edge.source);
        stack.push(edge.source);
      }
    }
  }
  return seen;
}

/** Every node downstream of `start`, itself included (for partial re-runs). */
export function descendantsOf(compiled: CompiledFlow, start: number): Set<number> {
  const seen = new Set<number>([start]);
  const stack = [start];
  while (stack.length) {
    for (const edge of compiled.nodes[stack.pop()!]!.outEdges) {
      if (!seen.has(edge.target)) {
        seen.add(edge.target);
        stack.push(edge.target);
      }
    }
  }
  return seen;
}
