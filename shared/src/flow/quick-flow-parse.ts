/**
 * A quick path through `flowSchema` for well-formed flows, which is nearly every flow: zod
 * costs ~9 µs per node and edge on a cold start, most of a 10,000-node `nexus run`'s
 * validation. It answers exactly what `flowSchema.safeParse(document).data` would (the same
 * new objects, keys in the schema's order), or `undefined` as soon as anything is unusual;
 * the caller then runs zod, which finds the problem and words it. So it only ever decides
 * "valid", never how a flow is wrong. Node fields beyond id, label and position go through
 * their own zod schemas (a node's config through its type's), so every rule lives once.
 *
 * It also stands in for the document-wide walk that refuses nesting past `maxNestingDepth` and
 * `__proto__` keys (validate-flow.ts), in the same pass: the fields it reads itself admit
 * neither (strings, finite numbers, known keys only), and every value it hands to zod is
 * walked first, at the depth it sits in the document. A flat config equal to one already
 * answered holds neither either.
 */
import * as z from "zod/mini";
import { currentSchemaVersion, flowNodeSchema, flowSettingsSchema, type Flow, type FlowEdge, type FlowNode } from "./flow-schema.ts";
import { checkJson, maxNestingDepth } from "../json-limits.ts";

type Shape = Record<string, z.ZodMiniType>;
const own = Object.prototype.hasOwnProperty;

/** Each node type's fields, in the schema's order (a list: a cold `for…in` over the shape cost ~1 µs a node), with their schemas. */
const nodeShapes = new Map<string, { readonly keys: readonly string[]; readonly shape: Shape }>(
  (flowNodeSchema._zod.def.options as unknown as Array<{ _zod: { def: { shape: Shape } } }>).map((option) => {
    const shape = option._zod.def.shape;
    return [(shape.type as unknown as { _zod: { def: { values: string[] } } })._zod.def.values[0]!, { keys: Object.keys(shape), shape }];
  }),
);

const FLOW_KEYS = new Set(["schemaVersion", "id", "name", "nodes", "edges", "settings"]);
/** Longest `id`, `source`, `target` (200) and ports (100) of `flowEdgeSchema`; all are non-empty strings. */
const EDGE_ID_MAX = 200;
const EDGE_PORT_MAX = 100;

/**
 * @example parseFlowQuickly({ schemaVersion: 1, id: "f", name: "", nodes: [], edges: [] }) // the same, copied
 * @example parseFlowQuickly({ schemaVersion: 1, id: "" }) // undefined: let zod say what is wrong
 */
export function parseFlowQuickly(document: unknown): Flow | undefined {
  if (!isRecord(document) || !onlyKeys(document, FLOW_KEYS)) return undefined;
  const { schemaVersion, id, name, nodes, edges, settings } = document;
  if (schemaVersion !== currentSchemaVersion || !isText(id, 1, 200) || !isText(name, 0, 500)) return undefined;
  if (!Array.isArray(nodes) || nodes.length > 100_000 || !Array.isArray(edges) || edges.length > 400_000) return undefined;
  const flowNodes: FlowNode[] = new Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const node = quickNode(nodes[i]);
    if (!node) return undefined;
    flowNodes[i] = node;
  }
  const flowEdges: FlowEdge[] = new Array(edges.length);
  for (let i = 0; i < edges.length; i++) {
    const edge = quickEdge(edges[i]);
    if (!edge) return undefined;
    flowEdges[i] = edge;
  }
  const flow: Record<string, unknown> = { schemaVersion, id, name, nodes: flowNodes, edges: flowEdges };
  if (own.call(document, "settings")) {
    if (!isPlainJson(settings, 1)) return undefined;
    const parsed = flowSettingsSchema.safeParse(settings);
    if (!parsed.success) return undefined;
    flow.settings = parsed.data;
  }
  return flow as Flow;
}

function quickNode(value: unknown): FlowNode | undefined {
  if (!isRecord(value)) return undefined;
  const fields = typeof value.type === "string" && own.call(value, "type") ? nodeShapes.get(value.type) : undefined;
  if (!fields) return undefined;
  const { keys, shape } = fields;
  let present = 0;
  const node: Record<string, unknown> = {};
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (!own.call(value, key)) continue;
    present++;
    const field = value[key];
    if (key === "id") {
      if (!isText(field, 1, 200)) return undefined;
      node.id = field;
    } else if (key === "label") {
      if (!isText(field, 0, 200)) return undefined;
      node.label = field;
    } else if (key === "position") {
      if (!isRecord(field) || Object.keys(field).length !== 2 || !isFiniteNumber(field.x) || !isFiniteNumber(field.y)) return undefined;
      node.position = { x: field.x, y: field.y };
    } else if (key === "type") {
      node.type = field;
    } else {
      if (!isPlainJson(field, NODE_FIELD_DEPTH)) return undefined;
      const parsed = shape[key]!.safeParse(field);
      if (!parsed.success) return undefined;
      node[key] = parsed.data;
    }
  }
  // Every key is one of the schema's (strict), and id, position, type and config are there.
  if (present !== Object.keys(value).length || !("id" in node && "position" in node && "config" in node)) return undefined;
  return node as FlowNode;
}

/**
 * Written out field by field: 20,000 edges run it before V8 has optimized it, and a loop over
 * a table of fields (array destructuring, an iterator per edge) cost ~2 µs an edge there.
 */
function quickEdge(value: unknown): FlowEdge | undefined {
  if (!isRecord(value) || !own.call(value, "id") || !own.call(value, "source") || !own.call(value, "target")) return undefined;
  const { id, source, target } = value;
  if (!isText(id, 1, EDGE_ID_MAX) || !isText(source, 1, EDGE_ID_MAX) || !isText(target, 1, EDGE_ID_MAX)) return undefined;
  const edge: { id: string; source: string; target: string; sourcePort?: string; targetPort?: string } = { id, source, target };
  let present = 3;
  if (own.call(value, "sourcePort")) {
    if (!isText(value.sourcePort, 1, EDGE_PORT_MAX)) return undefined;
    edge.sourcePort = value.sourcePort;
    present++;
  }
  if (own.call(value, "targetPort")) {
    if (!isText(value.targetPort, 1, EDGE_PORT_MAX)) return undefined;
    edge.targetPort = value.targetPort;
    present++;
  }
  return present === Object.keys(value).length ? edge : undefined;
}

/** Where a node's fields sit in a flow document: root → nodes → the node → the field. */
const NODE_FIELD_DEPTH = 3;

/** Within the nesting limit, counted from the document's root, and free of `__proto__` keys. */
function isPlainJson(value: unknown, depth: number): boolean {
  if (typeof value !== "object" || value === null) return true;
  // Most configs are flat (`{ code }`, `{ url, method }`): one look at their values, no walk.
  if (depth < maxNestingDepth && isFlatRecord(value)) return true;
  return checkJson(value, { rejectProtoKey: true, maxDepth: maxNestingDepth - depth }).ok;
}

/** An object (not an array) whose own values are all primitives and whose keys hold no `__proto__`. */
function isFlatRecord(value: object): boolean {
  if (Array.isArray(value)) return false;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key === "__proto__") return false;
    const field = (value as Record<string, unknown>)[key];
    if (typeof field === "object" && field !== null) return false;
  }
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function onlyKeys(value: object, allowed: ReadonlySet<string>): boolean {
  for (const key of Object.keys(value)) if (!allowed.has(key)) return false;
  return true;
}

function isText(value: unknown, min: number, max: number): value is string {
  return typeof value === "string" && value.length >= min && value.length <= max;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}
