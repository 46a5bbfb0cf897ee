/**
 * Edits shaped like the app's flow doc (see app/src/flow-doc/flow-doc.ts): `nodes` is a
 * Y.Map of node id → Y.Map { type, position, config: Y.Map, label? }, `edges` a Y.Map of
 * edge id → { source, target }. Kept here so the relay suites do not depend on app code.
 */
import * as Y from "yjs";

export const nodesOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>("nodes");
export const edgesOf = (doc: Y.Doc) => doc.getMap<{ source: string; target: string }>("edges");

export function addNode(doc: Y.Doc, id: string, type: string, position: { x: number; y: number }): void {
  doc.transact(() => {
    const node = new Y.Map<unknown>();
    node.set("type", type);
    node.set("position", position);
    node.set("config", new Y.Map<unknown>());
    nodesOf(doc).set(id, node);
  });
}

export function moveNode(doc: Y.Doc, id: string, position: { x: number; y: number }): boolean {
  const node = nodesOf(doc).get(id);
  if (!node) return false;
  node.set("position", position);
  return true;
}

export function setConfig(doc: Y.Doc, id: string, field: string, value: unknown): boolean {
  const config = nodesOf(doc).get(id)?.get("config");
  if (!(config instanceof Y.Map)) return false;
  config.set(field, value);
  return true;
}

/** Deletes a node and the edges touching it, in one transaction, as the app does. */
export function deleteNode(doc: Y.Doc, id: string): boolean {
  if (!nodesOf(doc).has(id)) return false;
  doc.transact(() => {
    nodesOf(doc).delete(id);
    for (const [edgeId, edge] of edgesOf(doc).entries()) if (edge.source === id || edge.target === id) edgesOf(doc).delete(edgeId);
  });
  return true;
}

export function addEdge(doc: Y.Doc, id: string, source: string, target: string): void {
  edgesOf(doc).set(id, { source, target });
}

/**
 * The doc's flow content as canonical JSON (keys sorted at every depth: a Y.Map's key order
 * is the order its entries arrived in, which differs between replicas).
 */
export function flowJson(doc: Y.Doc): string {
  return JSON.stringify(canonical({ nodes: nodesOf(doc).toJSON(), edges: edgesOf(doc).toJSON() }));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, inner]) => [key, canonical(inner)]));
}

/** Replicas have converged when they hold the same operations (state vectors) and the same content. */
export function converged(docs: readonly Y.Doc[]): boolean {
  const [first, ...rest] = docs;
  if (!first) return true;
  const vector = Buffer.from(Y.encodeStateVector(first)).toString("base64");
  const json = flowJson(first);
  return rest.every((doc) => Buffer.from(Y.encodeStateVector(doc)).toString("base64") === vector && flowJson(doc) === json);
}
