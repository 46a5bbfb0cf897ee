import * as Y from "yjs";
import type { Flow, FlowEdge, FlowNode, JsonValue } from "@nexus-flow/shared";
import { nodeCatalogEntry } from "@nexus-flow/shared/catalog";
import { edgesOf, localOrigin, metaOf, nodeMapOf, nodesOf, pinPortsOf, pinsOf, type NodeMap } from "./flow-doc.ts";

/**
 * Every edit the editor makes, each one transaction with the local origin so it is one
 * undo step and one update to peers. Functions return a reason instead of editing when the
 * edit would make the flow invalid (an edge that closes a cycle, a port that does not exist).
 */
export type EditResult = { ok: true } | { ok: false; reason: string };

export function addNodes(doc: Y.Doc, nodes: readonly FlowNode[]): void {
  doc.transact(() => {
    for (const node of nodes) nodesOf(doc).set(node.id, nodeMapOf(node));
  }, localOrigin);
}

export function moveNodes(doc: Y.Doc, moves: ReadonlyArray<{ id: string; x: number; y: number }>): void {
  doc.transact(() => {
    for (const { id, x, y } of moves) nodesOf(doc).get(id)?.set("position", { x, y });
  }, localOrigin);
}

/** Sets one field of a node's config; `undefined` removes it. */
export function setConfigField(doc: Y.Doc, nodeId: string, key: string, value: JsonValue | undefined): void {
  doc.transact(() => {
    const config = nodesOf(doc).get(nodeId)?.get("config");
    if (!(config instanceof Y.Map)) return;
    if (value === undefined) config.delete(key);
    else config.set(key, value);
  }, localOrigin);
}

/** Sets a node field other than config (`label`, `retry`, `timeoutMs`, `onError`); `undefined` removes it. */
export function setNodeField(doc: Y.Doc, nodeId: string, field: "label" | "retry" | "timeoutMs" | "onError" | "runner" | "disabled", value: unknown): void {
  doc.transact(() => {
    const node = nodesOf(doc).get(nodeId);
    if (!node) return;
    if (value === undefined) node.delete(field);
    else node.set(field, value);
  }, localOrigin);
}

/** Removes nodes with their edges, and edges. */
export function removeElements(doc: Y.Doc, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): void {
  const gone = new Set(nodeIds);
  doc.transact(() => {
    const edges = edgesOf(doc);
    for (const id of edgeIds) edges.delete(id);
    for (const [id, edge] of [...edges.entries()]) if (gone.has(edge.source) || gone.has(edge.target)) edges.delete(id);
    for (const id of gone) nodesOf(doc).delete(id), pinsOf(doc).delete(id), pinPortsOf(doc).delete(id);
  }, localOrigin);
}

export function renameFlow(doc: Y.Doc, name: string): void {
  doc.transact(() => metaOf(doc).set("name", name), localOrigin);
}

export type FlowSettings = NonNullable<Flow["settings"]>;

/**
 * Sets one flow setting; `undefined` removes it (and the settings object once empty).
 * @example setFlowSetting(doc, "concurrency", 4)
 */
export function setFlowSetting<K extends keyof FlowSettings>(doc: Y.Doc, key: K, value: FlowSettings[K] | undefined): void {
  doc.transact(() => {
    const meta = metaOf(doc);
    const next: Record<string, unknown> = { ...(meta.get("settings") as FlowSettings | undefined) };
    if (value === undefined) delete next[key];
    else next[key] = value;
    if (Object.keys(next).length) meta.set("settings", next);
    else meta.delete("settings");
  }, localOrigin);
}

/**
 * Connects two nodes, refusing what validation would refuse: unknown ports, edges into a
 * trigger, duplicates, and cycles (naming the path that would close).
 */
export function connect(doc: Y.Doc, edge: FlowEdge): EditResult {
  const reason = connectionProblem(doc, edge);
  if (reason) return { ok: false, reason };
  doc.transact(() => {
    const { id, ...data } = edge;
    edgesOf(doc).set(id, data);
  }, localOrigin);
  return { ok: true };
}

export function connectionProblem(doc: Y.Doc, edge: Omit<FlowEdge, "id">): string | undefined {
  const source = nodesOf(doc).get(edge.source);
  const target = nodesOf(doc).get(edge.target);
  if (!source || !target) return "both ends must be nodes";
  const sourceDef = nodeCatalogEntry(source.get("type") as string);
  const targetDef = nodeCatalogEntry(target.get("type") as string);
  if (!sourceDef || !targetDef) return "unknown node type";
  const port = edge.sourcePort ?? sourceDef.defaultOutput;
  if (port === undefined || !sourceDef.outputs.includes(port)) return `"${edge.source}" has no output "${edge.sourcePort ?? "out"}"`;
  if (targetDef.inputs.length === 0) return `"${edge.target}" is a trigger: triggers take no incoming edges`;
  if (edge.source === edge.target) return "a node cannot connect to itself";
  for (const existing of edgesOf(doc).values()) {
    if (existing.source === edge.source && existing.target === edge.target && (existing.sourcePort ?? sourceDef.defaultOutput) === port) return "these ports are already connected";
  }
  const path = pathBetween(doc, edge.target, edge.source);
  return path ? `this would create a cycle: ${[...path, edge.target].join(" → ")}` : undefined;
}

/** A path from `from` to `to` along edges, or undefined. Breadth first, so the shortest. */
function pathBetween(doc: Y.Doc, from: string, to: string): string[] | undefined {
  const out = new Map<string, string[]>();
  for (const edge of edgesOf(doc).values()) out.set(edge.source, [...(out.get(edge.source) ?? []), edge.target]);
  const previous = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length) {
    const node = queue.shift()!;
    if (node === to) {
      const path = [to];
      while (path[0] !== from) path.unshift(previous.get(path[0]!)!);
      return path;
    }
    for (const next of out.get(node) ?? []) if (!previous.has(next)) previous.set(next, node), queue.push(next);
  }
  return undefined;
}

export type { NodeMap };
