import { nodeDefinition } from "../nodes/registry.ts";
import type { NodeDefinition } from "../nodes/node-definition.ts";
import type { Flow, FlowNode } from "./flow-schema.ts";
import type { FlowIssue } from "./flow-issue.ts";
import { findCycle, type FoundCycle } from "./find-cycle.ts";

/** A node ready for scheduling: its definition resolved and its edges indexed. */
export interface CompiledNode {
  readonly index: number;
  readonly id: string;
  readonly node: FlowNode;
  readonly definition: NodeDefinition;
  readonly inEdges: CompiledEdge[];
  readonly outEdges: CompiledEdge[];
}

export interface CompiledEdge {
  readonly id: string;
  readonly source: number;
  readonly target: number;
  /** The source port the edge leaves from, after defaults are applied. */
  readonly port: string;
}

/** A structurally sound flow: unique ids, real endpoints and ports, no cycle. */
export interface CompiledFlow {
  readonly flow: Flow;
  readonly nodes: readonly CompiledNode[];
  readonly indexOf: ReadonlyMap<string, number>;
}

export type CompileResult = { ok: true; compiled: CompiledFlow } | { ok: false; issues: FlowIssue[] };

/**
 * Checks what a schema cannot: duplicate ids, dangling edges, unknown ports, cycles.
 * @example compileFlow(flow) // { ok: false, issues: [{ path: "edges[2]", message: "cycle: a → b → a" }] }
 */
export function compileFlow(flow: Flow): CompileResult {
  const issues: FlowIssue[] = [];
  const indexOf = new Map<string, number>();
  const nodes = indexNodes(flow, indexOf, issues);
  connectEdges(flow, nodes, indexOf, issues);
  giveOwnLists(nodes);
  checkNoteIds(flow, issues);
  const cycle = issues.length === 0 ? findCycle(nodes) : undefined;
  if (cycle) issues.push(cycleIssue(flow, cycle));
  return issues.length ? { ok: false, issues } : { ok: true, compiled: { flow, nodes, indexOf } };
}

// The loops over nodes and edges are plain `for` loops: they run 10,000s of times before V8
// optimizes them, and a callback per item (forEach) cost more than the work it does there.

/** The nodes with their definitions; `indexOf` gets each first id's index among them. */
function indexNodes(flow: Flow, indexOf: Map<string, number>, issues: FlowIssue[]): CompiledNode[] {
  const nodes: CompiledNode[] = [];
  // Where each kept node sits in flow.nodes (a duplicate is left out, so the two part after one):
  // an array by index, not a second map by id, which cost 10,000 more hashed inserts.
  const flowAt: number[] = [];
  for (let at = 0; at < flow.nodes.length; at++) {
    const node = flow.nodes[at]!;
    const seen = indexOf.get(node.id);
    if (seen !== undefined) {
      issues.push({ path: `nodes[${at}].id`, message: `duplicate node id "${node.id}" (also nodes[${flowAt[seen]}])` });
      continue;
    }
    indexOf.set(node.id, nodes.length);
    flowAt.push(at);
    const definition = nodeDefinition(node.type)!; // the schema admits registered types only
    nodes.push({ index: nodes.length, id: node.id, node, definition, inEdges: NO_EDGES, outEdges: NO_EDGES });
  }
  return nodes;
}

/**
 * Stands for "no edge yet" while edges are connected; a node's first edge makes its list as
 * `[edge]`. Lists made empty (`[]`) first are arrays of small integers to V8 until their first
 * push: 20,000 such first pushes deoptimized connectEdges twice ("not a Smi"). Frozen: a push
 * into it by mistake throws instead of giving every node the edge.
 */
const NO_EDGES = Object.freeze([]) as unknown as CompiledEdge[];

type EdgeLists = { inEdges: CompiledEdge[]; outEdges: CompiledEdge[] };

/** Every node still holding NO_EDGES gets an empty list of its own. */
function giveOwnLists(nodes: CompiledNode[]): void {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as CompiledNode & EdgeLists;
    if (node.inEdges === NO_EDGES) node.inEdges = [];
    if (node.outEdges === NO_EDGES) node.outEdges = [];
  }
}

/** Notes are keyed by id in the editor's document: two with one id would become one. */
function checkNoteIds(flow: Flow, issues: FlowIssue[]): void {
  const firstAt = new Map<string, number>();
  flow.notes?.forEach((note, at) => {
    const seen = firstAt.get(note.id);
    if (seen !== undefined) issues.push({ path: `notes[${at}].id`, message: `duplicate note id "${note.id}" (also notes[${seen}])` });
    else firstAt.set(note.id, at);
  });
}

function connectEdges(flow: Flow, nodes: CompiledNode[], indexOf: Map<string, number>, issues: FlowIssue[]): void {
  const edgeIds = new Map<string, number>();
  for (let at = 0; at < flow.edges.length; at++) {
    const edge = flow.edges[at]!;
    const seen = edgeIds.get(edge.id);
    if (seen !== undefined) {
      issues.push({ path: `edges[${at}].id`, message: `duplicate edge id "${edge.id}" (also edges[${seen}])` });
      continue;
    }
    edgeIds.set(edge.id, at);
    // Paths are made only for an issue: a 10,000-edge flow must not build 40,000 strings.
    const source = endpoint(nodes, indexOf, edge.source, at, "source", issues);
    const target = endpoint(nodes, indexOf, edge.target, at, "target", issues);
    if (!source || !target) continue;
    const port = sourcePortOf(source, edge.sourcePort, at, issues);
    if (!checkTarget(target, edge.targetPort, at, issues) || port === undefined) continue;
    const compiled: CompiledEdge = { id: edge.id, source: source.index, target: target.index, port };
    if (source.outEdges === NO_EDGES) (source as CompiledNode & EdgeLists).outEdges = [compiled];
    else source.outEdges.push(compiled);
    if (target.inEdges === NO_EDGES) (target as CompiledNode & EdgeLists).inEdges = [compiled];
    else target.inEdges.push(compiled);
  }
}

function endpoint(nodes: CompiledNode[], indexOf: Map<string, number>, id: string, at: number, end: "source" | "target", issues: FlowIssue[]) {
  const index = indexOf.get(id);
  if (index === undefined) issues.push({ path: `edges[${at}].${end}`, message: `no node with id "${id}"` });
  return index === undefined ? undefined : nodes[index];
}

function sourcePortOf(source: CompiledNode, port: string | undefined, at: number, issues: FlowIssue[]): string | undefined {
  const { outputs, defaultOutput } = source.definition;
  if (port === undefined) {
    if (defaultOutput === undefined) issues.push({ path: `edges[${at}].sourcePort`, message: `node "${source.id}" has several outputs (${outputs.join(", ")}); name one` });
    return defaultOutput;
  }
  if (outputs.includes(port)) return port;
  issues.push({ path: `edges[${at}].sourcePort`, message: `node "${source.id}" (${source.definition.type}) has no output port "${port}"; its ports: ${outputs.join(", ")}` });
  return undefined;
}

function checkTarget(target: CompiledNode, port: string | undefined, at: number, issues: FlowIssue[]): boolean {
  const { inputs, type } = target.definition;
  if (inputs.length === 0) {
    issues.push({ path: `edges[${at}].target`, message: `node "${target.id}" (${type}) starts a flow and takes no incoming edges` });
    return false;
  }
  if (port === undefined || inputs.includes(port)) return true;
  issues.push({ path: `edges[${at}].targetPort`, message: `node "${target.id}" (${type}) has no input port "${port}"; its ports: ${inputs.join(", ")}` });
  return false;
}

function cycleIssue(flow: Flow, cycle: FoundCycle): FlowIssue {
  const at = flow.edges.findIndex((edge) => edge.id === cycle.closing.id);
  return { path: at >= 0 ? `edges[${at}]` : "edges", message: `cycle: ${cycle.ids.join(" → ")}` };
}
