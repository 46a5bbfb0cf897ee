import * as Y from "yjs";
import { batch, createSignal, type Accessor } from "solid-js";
import { $RAW, createStore, reconcile, unwrap, type SetStoreFunction } from "solid-js/store";
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
export function mirrorDoc(doc: Y.Doc): { view: DocView; namesVersion: Accessor<number>; dispose(): void } {
  // Filled from the start: reconciling the snapshot into an empty store walked all of it
  // once more (~90 ms at 1,000 nodes, before the editor's first frame).
  const [view, setView] = createStore<DocView>(asRaw(snapshot(doc)));
  // Moves on whenever nodes come or go or a type or label changes: what names depend on. Read
  // through the store instead, names cost a proxy and two tracked reads per node (~20 ms at
  // 1,000 nodes as a flow opens).
  const [namesVersion, setNamesVersion] = createSignal(0);
  const nodes = nodesOf(doc);
  const edges = edgesOf(doc);
  const meta = metaOf(doc);

  // What the observers saw, applied once the transaction's observers have all run: nodes
  // and edges in one batch, so a paste or an undo (both maps) reruns what reads them once.
  let pending: (NodeChanges & { edges: Set<string> }) | undefined;
  const pendingChanges = () => (pending ??= { whole: new Set(), fields: new Map(), edges: new Set() });
  const onNodes = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => changesOf(events, nodes, pendingChanges());
  const onEdges = (event: Y.YMapEvent<EdgeData>) => {
    const ids = pendingChanges().edges;
    for (const id of event.keysChanged) ids.add(id);
  };
  const flush = () => {
    const changes = pending;
    pending = undefined;
    if (!changes) return;
    // One batch per transaction: what reads the node list (culling, the lookup, names)
    // reruns once, not once per node (select-all + Delete of 1,000 nodes was O(n²)).
    batch(() => {
      applyNodeChanges(view, setView, nodes, changes);
      if (changes.whole.size || [...changes.fields.values()].some((keys) => keys.has("label") || keys.has("type"))) setNamesVersion((version) => version + 1);
      for (const id of changes.edges) {
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
  // Emitted once a transaction's observers have run, before `transact` returns.
  doc.on("afterTransaction", flush);
  return {
    view,
    namesVersion,
    dispose() {
      nodes.unobserveDeep(onNodes);
      edges.unobserve(onEdges);
      meta.unobserve(onMeta);
      doc.off("afterTransaction", flush);
    },
  };
}

/**
 * Marks fresh plain data as a store's raw value, as Solid marks its own (`$RAW`, not
 * enumerable, like its `$PROXY`): `createStore` then takes it as it is instead of walking
 * every node, config and position looking for proxies to strip (~20 ms at 1,000 nodes,
 * between Import and the canvas drawn). Only for data that holds no store proxy.
 */
function asRaw<T extends object>(value: T): T {
  Object.defineProperty(value, $RAW, { value });
  return value;
}

/** Nodes and edges keyed by ids people choose: no prototype, so `constructor` or `__proto__` is just a key. */
function snapshot(doc: Y.Doc): DocView {
  const meta = metaOf(doc);
  const view: DocView = { name: String(meta.get("name") ?? ""), settings: { ...(meta.get("settings") as FlowSettings | undefined) }, nodes: dict(), edges: dict() };
  for (const [id, map] of nodesOf(doc)) view.nodes[id] = nodeFromMap(id, map);
  for (const [id, edge] of edgesOf(doc)) view.edges[id] = { id, ...edge };
  return view;
}

/** Brings the store's nodes up to date with what a transaction changed (see `changesOf`). */
function applyNodeChanges(view: DocView, setView: SetStoreFunction<DocView>, nodes: Y.Map<Y.Map<unknown>>, { whole, fields }: NodeChanges): void {
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
  const set = setView as (...path: unknown[]) => void; // any field of the node: typed per field, not by a runtime key
  for (const [id, keys] of fields) {
    const map = nodes.get(id);
    if (whole.has(id) || !map || !ownValue(current, id)) continue;
    for (const key of keys) {
      const value = map.get(key);
      // A position merges into the store's own object (a fresh {x, y}, never the doc's):
      // only its x and y signals fire, without reconcile's walk (Layout moves 1,000).
      if (key === "position" && isPoint(value)) set("nodes", id, "position", { x: value.x, y: value.y });
      else set("nodes", id, key, value === undefined ? undefined : reconcile(copyJson(value)));
    }
  }
}

function updateNode(setView: SetStoreFunction<DocView>, nodes: Y.Map<Y.Map<unknown>>, id: string): void {
  const map = nodes.get(id);
  setView("nodes", id, map ? reconcile(nodeFromMap(id, map)) : undefined!);
}

interface NodeChanges {
  readonly whole: Set<string>;
  readonly fields: Map<string, Set<string>>;
}

/**
 * Adds what a transaction changed in the nodes map to `into`: `whole`, nodes added, removed
 * or with a changed config (rebuilt); `fields`, other fields of a node's own map, by node id.
 */
function changesOf(events: Array<Y.YEvent<Y.AbstractType<unknown>>>, nodes: Y.Map<Y.Map<unknown>>, into: NodeChanges): void {
  const { whole, fields } = into;
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
}

const isPoint = (value: unknown): value is { x: number; y: number } =>
  typeof value === "object" && value !== null && typeof (value as { x?: unknown }).x === "number" && typeof (value as { y?: unknown }).y === "number";

/** The id of the node whose map (or config map) an event targets. */
function idOfNodeChild(target: Y.AbstractType<unknown>, nodes: Y.AbstractType<unknown>): string {
  let item = target;
  while (item.parent && item.parent !== nodes) item = item.parent as Y.AbstractType<unknown>;
  return item._item?.parentSub ?? "";
}
