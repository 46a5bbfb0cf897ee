import { ownValue } from "@nexus-flow/shared";
import { moveNodes } from "../flow-doc/index.ts";
import type { EditorSession } from "../editor/editor-session.ts";
import type { FlowLookup } from "./flow-lookup.ts";
import { portsOf, snapToGrid } from "./node-geometry.ts";
import { keepBranchOrder, type Box } from "./branch-order.ts";

/**
 * Lays the flow out left to right with dagre (loaded on first use, so it stays out of the
 * initial bundle) and moves every node in one undoable edit. Resolves when the nodes moved.
 */
export async function autoLayout(session: EditorSession, lookup: FlowLookup): Promise<void> {
  if (session.readOnly()) return;
  const { Graph, layout } = await import("@dagrejs/dagre");
  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: "LR", nodesep: nodeGap, ranksep: 100, marginx: 0, marginy: 0 });
  const { nodes, edges } = session.view;
  // dagre keeps its graph in plain objects: give it keys of ours, never the ids people chose (`__proto__`).
  const keyOf = new Map(Object.keys(nodes).map((id, index) => [id, `n${index}`]));
  for (const [id, node] of Object.entries(nodes)) graph.setNode(keyOf.get(id)!, { ...lookup.size(id, node.type) });
  // Condition branches keep their order: `true` above `false`.
  const sorted = Object.entries(edges).sort(([, a], [, b]) => portRank(ownValue(nodes, a.source)?.type, a.sourcePort) - portRank(ownValue(nodes, b.source)?.type, b.sourcePort));
  sorted.forEach(([, edge], index) => {
    const [source, target] = [keyOf.get(edge.source), keyOf.get(edge.target)];
    if (source && target) graph.setEdge(source, target, {}, `e${index}`);
  });
  layout(graph);

  const boxes = new Map<string, Box>(
    Object.entries(nodes).map(([id, node]) => {
      const placed = graph.node(keyOf.get(id)!);
      const size = lookup.size(id, node.type);
      return [id, { x: placed.x - size.width / 2, y: placed.y - size.height / 2, ...size }];
    }),
  );
  // dagre may still put a condition's `false` side above its `true` side: put them back in order.
  keepBranchOrder(boxes, (id) => ownValue(nodes, id)?.type, Object.values(edges), nodeGap);
  const moves = [...boxes].map(([id, box]) => ({ id, x: snapToGrid(box.x), y: snapToGrid(box.y) }));
  session.undo.stopCapturing();
  moveNodes(session.doc, moves);
  session.undo.stopCapturing();
}

const nodeGap = 40;

function portRank(type: string | undefined, port: string | undefined): number {
  if (!type || !port) return 0;
  return Math.max(0, portsOf(type).outputs.indexOf(port));
}
