import * as Y from "yjs";
import { batch } from "solid-js";
import { createStore, reconcile, unwrap, type SetStoreFunction } from "solid-js/store";
import { dict, ownValue, type FlowNode } from "@nexus-flow/shared";
import { copyJson, edgesOf, metaOf, nodeFromMap, nodesOf, type EdgeData, type FlowSettings } from "../flow-doc/index.ts";

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
    const { whole, fields } = changesOf(events, nodes);
    // One batch per transaction: what reads the node list (culling, the lookup, names)
    // reruns once, not once per node (select-all + Delete of 1,000 nodes was O(n²)).
    batch(() => {
      // Nodes that came or went, in one merge into the store: one update of the node list
      // instead of one per node (the undo of a 1,000-node delete, a 500-node paste).
      const comings: Record<string, FlowNode | undefined> = dict();
      let count = 0;
      const current = unwrap(view.nodes);
      for (const id of whole) {
        const map = nodes.get(id);
        if (map && ownValue(current, id)) updateNode(setView, nodes, id);
        else if (map || ownValue(current, id)) (comings[id] = map && nodeFromMap(id, map)), count++;
      }
      if (count) setView("nodes", comings as Record<string, FlowNode>);
      // A field of a node's own map (a move sets `position`): that field only, no copy of the
      // node's config (Layout moves every node; copying each one was most of its cost).
      for (const [id, keys] of fields) {
        const map = nodes.get(id);
        if (whole.has(id) || !map || !ownValue(current, id)) continue;
        for (const key of keys) {
          const value = map.get(key);
          const set = setView as (...path: unknown[]) => void; // any field of the node: typed per field, not by a runtime key
          // reconcile: a moved node's position object stays, only its x and y signals fire.
          set("nodes", id, key, value === undefined ? undefined : reconcile(copyJson(value)));
        }
      }
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

/**
 * What a transaction changed in the nodes map: `whole`, nodes added, removed or with a
 * changed config (rebuilt); `fields`, other fields of a node's own map, by node id.
 */
function changesOf(events: Array<Y.YEvent<Y.AbstractType<unknown>>>, nodes: Y.Map<Y.Map<unknown>>) {
  const whole = new Set<string>();
  const fields = new Map<string, Set<string>>();
  for (const event of events) {
    const keys = (event as Y.YMapEvent<unknown>).keysChanged;
    if (event.target === nodes) for (const key of keys) whole.add(key);
    else if (event.target.parent === nodes && !keys.has("config")) {
      const id = event.target._item?.parentSub ?? "";
      const known = fields.get(id) ?? new Set<string>();
      for (const key of keys) known.add(key);
      fields.set(id, known);
    } else whole.add(idOfNodeChild(event.target, nodes as Y.AbstractType<unknown>));
  }
  return { whole, fields };
}

/** The id of the node whose map (or config map) an event targets. */
function idOfNodeChild(target: Y.AbstractType<unknown>, nodes: Y.AbstractType<unknown>): string {
  let item = target;
  while (item.parent && item.parent !== nodes) item = item.parent as Y.AbstractType<unknown>;
  return item._item?.parentSub ?? "";
}
