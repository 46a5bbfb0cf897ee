import type * as Y from "yjs";
import type { FlowEdge, FlowNode } from "@nexus-flow/shared";
import { edgesOf, localOrigin, nodeFromMap, nodesOf } from "./flow-doc.ts";
import { addNodes } from "./operations.ts";

/** What Copy puts on the clipboard: nodes and the edges between them, as plain flow data. */
export interface Fragment {
  readonly kind: "nexus-flow/fragment";
  readonly nodes: FlowNode[];
  readonly edges: FlowEdge[];
}

export function copyFragment(doc: Y.Doc, nodeIds: Iterable<string>): Fragment {
  const ids = new Set(nodeIds);
  const nodes = [...ids].flatMap((id) => {
    const map = nodesOf(doc).get(id);
    return map ? [nodeFromMap(id, map)] : [];
  });
  const edges = [...edgesOf(doc).entries()].filter(([, edge]) => ids.has(edge.source) && ids.has(edge.target)).map(([id, edge]) => ({ id, ...edge }));
  return { kind: "nexus-flow/fragment", nodes, edges };
}

/** Reads clipboard text back; anything else on the clipboard is not a fragment. */
export function parseFragment(text: string): Fragment | undefined {
  try {
    const value = JSON.parse(text) as Fragment;
    return value?.kind === "nexus-flow/fragment" && Array.isArray(value.nodes) && Array.isArray(value.edges) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Pastes a fragment (from this flow or another) with fresh ids, shifted by `offset`, in one
 * transaction. Returns the new node and edge ids so the editor can select them.
 */
export function pasteFragment(doc: Y.Doc, fragment: Fragment, offset: { x: number; y: number }, newId: (base: string) => string): { nodes: string[]; edges: string[] } {
  const renamed = new Map(fragment.nodes.map((node) => [node.id, newId(node.type)]));
  const nodes = fragment.nodes.map((node) => ({ ...node, id: renamed.get(node.id)!, position: { x: node.position.x + offset.x, y: node.position.y + offset.y } }));
  const edges: string[] = [];
  doc.transact(() => {
    addNodes(doc, nodes);
    for (const edge of fragment.edges) {
      const { id: _id, source, target, ...rest } = edge;
      const id = newId("edge");
      edgesOf(doc).set(id, { ...rest, source: renamed.get(source)!, target: renamed.get(target)! });
      edges.push(id);
    }
  }, localOrigin);
  return { nodes: nodes.map((node) => node.id), edges };
}
