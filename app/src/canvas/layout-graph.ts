import { Graph, layout } from "@dagrejs/dagre";
import { layoutNodeGap } from "./branch-order.ts";

/** What dagre needs to lay a flow out, as plain data (it crosses to the layout worker). */
export interface LayoutInput {
  /** Keys of our own (`n0`, `n1`…), never the ids people chose: dagre keeps its graph in plain objects. */
  readonly nodes: ReadonlyArray<{ key: string; width: number; height: number }>;
  /** Source and target keys, in the order branches should keep (`true` above `false`). */
  readonly edges: ReadonlyArray<readonly [string, string]>;
}

/** Each node's centre, by key. */
export type LayoutOutput = Record<string, { x: number; y: number }>;

/**
 * Lays a graph out left to right with dagre. Pure: it runs in the layout worker, where a
 * 1,000-node layout (seconds of script) does not hold the page.
 * @example layoutGraph({ nodes: [{ key: "n0", width: 220, height: 56 }], edges: [] }) // { n0: { x: 110, y: 28 } }
 */
export function layoutGraph(input: LayoutInput): LayoutOutput {
  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: "LR", nodesep: layoutNodeGap, ranksep: 100, marginx: 0, marginy: 0 });
  for (const { key, width, height } of input.nodes) graph.setNode(key, { width, height });
  input.edges.forEach(([source, target], index) => graph.setEdge(source, target, {}, `e${index}`));
  layout(graph);
  const out: LayoutOutput = Object.create(null) as LayoutOutput;
  for (const { key } of input.nodes) {
    const placed = graph.node(key);
    out[key] = { x: placed.x, y: placed.y };
  }
  return out;
}
