import { nodeInput, type CompiledEdge, type Flow, type InputNode, type JsonValue, type RunState } from "@nexus-flow/shared";
import { nodeCatalogEntry } from "@nexus-flow/shared/catalog";

/** A run's flow indexed for `nodeInput`: its nodes with their incoming edges, by id. */
interface IndexedFlow {
  readonly nodes: readonly InputNode[];
  readonly indexOf: ReadonlyMap<string, number>;
}

interface IndexedNode extends InputNode {
  readonly inEdges: CompiledEdge[];
}

const indexedByFlow = new WeakMap<Flow, IndexedFlow | undefined>();

/**
 * What a node received in a run (SPEC rules I1–I3, M2, M3), from the outputs recorded
 * upstream of it, for the Data tab. The engine's `nodeInput` reads only nodes' incoming
 * edges and their definitions' default ports, so the run's flow (validated when the run
 * started) is indexed here from the node catalog: `compileFlow` would bring its cycle check
 * and the node definitions (zod) into the page's bundle.
 * @example inputOfNode(run, "double") // { n: 21 }: the output of the one node upstream
 */
export function inputOfNode(state: RunState, nodeId: string): JsonValue | undefined {
  if (!indexedByFlow.has(state.flow)) indexedByFlow.set(state.flow, indexFlow(state.flow));
  const indexed = indexedByFlow.get(state.flow);
  const index = indexed?.indexOf.get(nodeId);
  if (!indexed || index === undefined) return undefined;
  return nodeInput(indexed, state, indexed.nodes[index]!);
}

/** Nodes with their default ports and edges with their source ports resolved, as compileFlow does. */
function indexFlow(flow: Flow): IndexedFlow | undefined {
  const nodes: IndexedNode[] = [];
  for (const node of flow.nodes) {
    const entry = nodeCatalogEntry(node.type);
    if (!entry) return undefined; // a type this version does not know: the input cannot be told
    nodes.push({ id: node.id, node, definition: entry, inEdges: [] });
  }
  const indexOf = new Map(nodes.map((node, index) => [node.id, index]));
  for (const edge of flow.edges) {
    const sourceIndex = indexOf.get(edge.source);
    const targetIndex = indexOf.get(edge.target);
    if (sourceIndex === undefined || targetIndex === undefined) continue;
    const port = edge.sourcePort ?? nodes[sourceIndex]!.definition.defaultOutput;
    if (port === undefined) continue;
    nodes[targetIndex]!.inEdges.push({ id: edge.id, source: sourceIndex, target: targetIndex, port });
  }
  return { nodes, indexOf };
}
