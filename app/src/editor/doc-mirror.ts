import * as Y from "yjs";
import { batch } from "solid-js";
import { createStore, reconcile, type SetStoreFunction } from "solid-js/store";
import { dict, type FlowNode } from "@nexus-flow/shared";
import { edgesOf, metaOf, nodeFromMap, nodesOf, type EdgeData, type FlowSettings } from "../flow-doc/index.ts";

export interface EdgeView extends EdgeData {
  readonly id: string;
}

/** The flow doc as a Solid store: what components render. Written only by the doc observer. */
export interface DocView {
  name: string;
  settings: FlowSettings;
  nodes: Record<string, FlowNode>;
  edges: Record<string, EdgeView>;
}

/**
 * Mirrors a Y.Doc into a Solid store, touching only the nodes and edges a change names:
 * dragging one node of a thousand re-renders one node. Returns the store and a disposer.
 */
export function mirrorDoc(doc: Y.Doc): { view: DocView; dispose(): void } {
  // Filled from the start: reconciling the snapshot into an empty store walked all of it
  // once more (~90 ms at 1,000 nodes, before the editor's first frame).
  const [view, setView] = createStore<DocView>(snapshot(doc));
  const nodes = nodesOf(doc);
  const edges = edgesOf(doc);
  const meta = metaOf(doc);

  const onNodes = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    const touched = new Set<string>();
    for (const event of events) {
      if (event.target === nodes) for (const key of (event as Y.YMapEvent<unknown>).keysChanged) touched.add(key);
      else touched.add(idOfNodeChild(event.target, nodes as Y.AbstractType<unknown>));
    }
    // One batch per transaction: what reads the node list (culling, the lookup, names)
    // reruns once, not once per node (select-all + Delete of 1,000 nodes was O(n²)).
    batch(() => {
      for (const id of touched) updateNode(setView, nodes, id);
    });
  };
  const onEdges = (event: Y.YMapEvent<EdgeData>) => {
    batch(() => {
      for (const id of event.keysChanged) {
        const edge = edges.get(id);
        setView("edges", id, edge ? reconcile({ id, ...edge }) : undefined!);
      }
    });
  };
  const onMeta = () => {
    setView("name", String(meta.get("name") ?? ""));
    setView("settings", reconcile({ ...(meta.get("settings") as FlowSettings | undefined) }));
  };
  nodes.observeDeep(onNodes);
  edges.observe(onEdges);
  meta.observe(onMeta);
  return {
    view,
    dispose() {
      nodes.unobserveDeep(onNodes);
      edges.unobserve(onEdges);
      meta.unobserve(onMeta);
    },
  };
}

/** Nodes and edges keyed by ids people choose: no prototype, so `constructor` or `__proto__` is just a key. */
function snapshot(doc: Y.Doc): DocView {
  const meta = metaOf(doc);
  const view: DocView = { name: String(meta.get("name") ?? ""), settings: { ...(meta.get("settings") as FlowSettings | undefined) }, nodes: dict(), edges: dict() };
  for (const [id, map] of nodesOf(doc)) view.nodes[id] = nodeFromMap(id, map);
  for (const [id, edge] of edgesOf(doc)) view.edges[id] = { id, ...edge };
  return view;
}

function updateNode(setView: SetStoreFunction<DocView>, nodes: Y.Map<Y.Map<unknown>>, id: string): void {
  const map = nodes.get(id);
  setView("nodes", id, map ? reconcile(nodeFromMap(id, map)) : undefined!);
}

/** The id of the node whose map (or config map) an event targets. */
function idOfNodeChild(target: Y.AbstractType<unknown>, nodes: Y.AbstractType<unknown>): string {
  let item = target;
  while (item.parent && item.parent !== nodes) item = item.parent as Y.AbstractType<unknown>;
  return item._item?.parentSub ?? "";
}
