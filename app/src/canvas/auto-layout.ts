import { unwrap } from "solid-js/store";
import { ownValue } from "@nexus-flow/shared";
import { moveNodes } from "../flow-doc/index.ts";
import type { EditorSession } from "../editor/editor-session.ts";
import type { FlowLookup } from "./flow-lookup.ts";
import type { LayoutInput, LayoutOutput } from "./layout-graph.ts";
import { portsOf, snapToGrid } from "./node-geometry.ts";
import { keepBranchOrder, layoutNodeGap, type Box } from "./branch-order.ts";

/**
 * Lays the flow out left to right with dagre, in a worker (a 1,000-node layout is seconds
 * of script), and moves every node in one undoable edit. Resolves when the nodes moved; a
 * flow edited while the layout ran keeps its edits (nodes that went are skipped, nodes
 * that came stay where they are).
 */
export async function autoLayout(session: EditorSession, lookup: FlowLookup): Promise<void> {
  if (session.readOnly()) return;
  // Plain objects, not the store's proxies: a proxy read costs a lookup, and this reads thousands.
  const { nodes, edges } = unwrap(session.view);
  const ids = Object.keys(nodes);
  const keyOf = new Map(ids.map((id, index) => [id, `n${index}`]));
  // Condition branches keep their order: `true` above `false`.
  const rank = (edge: (typeof edges)[string]) => portRank(ownValue(nodes, edge.source)?.type, edge.sourcePort);
  const sorted = Object.values(edges).map((edge) => [rank(edge), edge] as const).sort((a, b) => a[0] - b[0]).map(([, edge]) => edge);
  const input: LayoutInput = {
    nodes: ids.map((id) => ({ key: keyOf.get(id)!, ...lookup.size(id, nodes[id]!.type) })),
    edges: sorted.flatMap((edge) => {
      const [source, target] = [keyOf.get(edge.source), keyOf.get(edge.target)];
      return source && target ? [[source, target] as const] : [];
    }),
  };
  const placed = await layoutInWorker(input);
  // The flow may have changed while the worker ran: lay out the nodes still here, as they are now.
  const current = unwrap(session.view.nodes);
  const boxes = new Map<string, Box>(
    ids.flatMap((id) => {
      const node = ownValue(current, id);
      const centre = placed[keyOf.get(id)!];
      if (!node || !centre) return [];
      const size = lookup.size(id, node.type);
      return [[id, { x: centre.x - size.width / 2, y: centre.y - size.height / 2, ...size }] as const];
    }),
  );
  // dagre may still put a condition's `false` side above its `true` side: put them back in order.
  keepBranchOrder(boxes, (id) => ownValue(current, id)?.type, Object.values(unwrap(session.view.edges)), layoutNodeGap);
  const moves = [...boxes].map(([id, box]) => ({ id, x: snapToGrid(box.x), y: snapToGrid(box.y) }));
  session.undo.stopCapturing();
  moveNodes(session.doc, moves);
  session.undo.stopCapturing();
}

function layoutInWorker(input: LayoutInput): Promise<LayoutOutput> {
  const worker = new Worker(new URL("./layout-worker.ts", import.meta.url), { type: "module", name: "nexus-layout" });
  return new Promise<LayoutOutput>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ ok: true; positions: LayoutOutput } | { ok: false; error: string }>) => {
      if (event.data.ok) resolve(event.data.positions);
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => reject(new Error(event.message || "the layout worker failed to start"));
    worker.postMessage(input);
  }).finally(() => worker.terminate());
}

function portRank(type: string | undefined, port: string | undefined): number {
  if (!type || !port) return 0;
  return Math.max(0, portsOf(type).outputs.indexOf(port));
}
