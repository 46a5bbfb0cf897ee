import type Graph from "graphology";

/**
 * Names the nodes on one cycle of a graph known to have one: peel off every node that is
 * not on or behind a cycle (Kahn), then walk predecessors among the rest until a node
 * repeats. Iterative, so a 100,000-node chain cannot overflow the stack.
 * @example findCycle(graphWith("a→b→c→a")) // ["a", "b", "c", "a"]
 */
export function findCycle(graph: Graph): string[] {
  const inDegree = new Map<string, number>();
  graph.forEachNode((node) => inDegree.set(node, graph.inDegree(node)));
  const queue = [...inDegree].filter(([, degree]) => degree === 0).map(([node]) => node);
  while (queue.length) {
    const node = queue.pop()!;
    inDegree.delete(node);
    graph.forEachOutEdge(node, (_edge, _attributes, _source, target) => {
      const left = inDegree.get(target)! - 1;
      inDegree.set(target, left);
      if (left === 0) queue.push(target);
    });
  }
  const remaining = new Set(inDegree.keys());
  const walk: string[] = [];
  const position = new Map<string, number>();
  let current = remaining.values().next().value as string;
  while (!position.has(current)) {
    position.set(current, walk.length);
    walk.push(current);
    current = graph.inNeighbors(current).find((neighbor) => remaining.has(neighbor))!;
  }
  // The walk went against the edges: forwards, the loop is current → walk[last] → … → current.
  return [current, ...walk.slice(position.get(current)! + 1).reverse(), current];
}
