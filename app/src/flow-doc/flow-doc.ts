import * as Y from "yjs";
import type { Flow, FlowEdge, FlowNode, JsonValue } from "@nexus-flow/shared";
import { readNotes, writeNotes } from "./notes.ts";
import { copyJson } from "./copy-json.ts";

/**
 * A flow lives as a Y.Doc so edits merge: nodes and edges are `Y.Map`s keyed by id (two
 * people moving two nodes never conflict), and each node's `config` is a `Y.Map` of fields
 * (two people editing two fields of one node never conflict either).
 *
 *   meta:  Y.Map { schemaVersion, id, name, settings? }
 *   nodes: Y.Map<nodeId, Y.Map { type, position, config: Y.Map, label?, retry?, timeoutMs?, onError? }>
 *   edges: Y.Map<edgeId, { source, target, sourcePort?, targetPort? }>
 *   pins:  Y.Map<nodeId, JSON>   (pinned test data, the file's `pinData`; see pins.ts)
 *   pinPorts: Y.Map<nodeId, port> (the branch a pin sends on where not the first, the file's `pinPorts`)
 */
export type NodeMap = Y.Map<unknown>;
export type EdgeData = Omit<FlowEdge, "id">;

export const metaOf = (doc: Y.Doc) => doc.getMap<unknown>("meta");
export const nodesOf = (doc: Y.Doc) => doc.getMap<NodeMap>("nodes");
export const edgesOf = (doc: Y.Doc) => doc.getMap<EdgeData>("edges");
export const pinsOf = (doc: Y.Doc) => doc.getMap<JsonValue>("pins");
export const pinPortsOf = (doc: Y.Doc) => doc.getMap<string>("pinPorts");

/** Changes made by this tab; the undo manager tracks only these (undo undoes your own edits). */
export const localOrigin = { local: true } as const;

const optionalNodeFields = ["label", "retry", "timeoutMs", "onError", "runner", "disabled"] as const;

/** Builds the Y.Map of one node. */
export function nodeMapOf(node: FlowNode): NodeMap {
  const map = new Y.Map<unknown>();
  map.set("type", node.type);
  map.set("position", { x: node.position.x, y: node.position.y });
  const config = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(node.config)) config.set(key, value);
  map.set("config", config);
  for (const field of optionalNodeFields) if (node[field] !== undefined) map.set(field, node[field]);
  return map;
}

/** Writes a whole flow into an empty doc, in one transaction. */
export function writeFlow(doc: Y.Doc, flow: Flow): Y.Doc {
  doc.transact(() => {
    const meta = metaOf(doc);
    meta.set("schemaVersion", flow.schemaVersion);
    meta.set("id", flow.id);
    meta.set("name", flow.name);
    if (flow.settings) meta.set("settings", flow.settings);
    const nodes = nodesOf(doc);
    for (const node of flow.nodes) nodes.set(node.id, nodeMapOf(node));
    const edges = edgesOf(doc);
    for (const { id, ...edge } of flow.edges) edges.set(id, edge);
    writeNotes(doc, flow.notes);
    for (const [id, value] of Object.entries(flow.pinData ?? {})) pinsOf(doc).set(id, value);
    for (const [id, port] of Object.entries(flow.pinPorts ?? {})) pinPortsOf(doc).set(id, port);
  }, localOrigin);
  return doc;
}

/**
 * One node as plain data (not yet validated). Values are copies: Yjs keeps the objects it
 * was given as its history, and a Solid store reconciling into them would rewrite what undo
 * restores. `copy: false` shares them, for a reader that only posts the flow to a worker (a
 * copy anyway) and never writes: at 1,000 nodes the copies cost a draft check ~20 ms.
 */
export function nodeFromMap(id: string, map: NodeMap, copy = true): FlowNode {
  const clone = copy ? copyJson : <T>(value: T) => value;
  const node: Record<string, unknown> = { id, type: map.get("type"), position: clone(map.get("position")) };
  const config = map.get("config");
  node.config = config instanceof Y.Map ? (clone(config.toJSON()) as Record<string, JsonValue>) : {};
  for (const field of optionalNodeFields) if (map.get(field) !== undefined) node[field] = clone(map.get(field));
  return node as unknown as FlowNode;
}

/**
 * The doc as a flow document, sorted by id so exports are stable. Not validated: pass it
 * to `validateFlow` (Yjs → snapshot is a trust boundary: the doc may come from a peer).
 * `copy: false` shares the doc's node values (see `nodeFromMap`): read, post, never write.
 */
export function readFlow(doc: Y.Doc, { copy = true } = {}): Flow {
  const meta = metaOf(doc);
  const nodes = [...nodesOf(doc).entries()].sort(byKey).map(([id, map]) => nodeFromMap(id, map, copy));
  const edges = [...edgesOf(doc).entries()].sort(byKey).map(([id, edge]) => ({ id, ...edge }));
  const flow: Record<string, unknown> = { schemaVersion: meta.get("schemaVersion") ?? 1, id: meta.get("id"), name: meta.get("name") ?? "", nodes, edges };
  if (meta.get("settings") !== undefined) flow.settings = meta.get("settings");
  const notes = readNotes(doc);
  if (notes) flow.notes = notes;
  // Pins of nodes since deleted by a peer are left out: they would only confuse the file.
  const pins = [...pinsOf(doc).entries()].filter(([id]) => nodesOf(doc).has(id)).sort(byKey);
  if (pins.length) flow.pinData = Object.fromEntries(pins.map(([id, value]) => [id, structuredClone(value)]));
  const ports = [...pinPortsOf(doc).entries()].filter(([id]) => nodesOf(doc).has(id) && pinsOf(doc).has(id)).sort(byKey);
  if (ports.length) flow.pinPorts = Object.fromEntries(ports);
  return flow as unknown as Flow;
}

const byKey = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
