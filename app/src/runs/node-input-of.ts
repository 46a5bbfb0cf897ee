import { nodeDefinition, nodeInput, type CompiledFlow, type CompiledNode, type Flow, type JsonValue, type RunState } from "@nexus-flow/shared";

/** A run's flow indexed for `nodeInput`: everything `compileFlow` gives but the graph. */
type IndexedFlow = Omit<CompiledFlow, "graph">;

const indexedByFlow = new WeakMap<Flow, IndexedFlow | undefined>();

/**
 * What a node received in a run (SPEC rules I1–I3, M2, M3), from the outputs recorded
 * upstream of it, for the Data tab. The engine's `nodeInput` reads only nodes' definitions
 * and incoming edges, so the run's flow (validated when the run started) is indexed here
 * without `compileFlow`, whose cycle check would bring graphology into the page's bundle.
 * @example inputOfNode(run, "double") // { n: 21 }: the output of the one node upstream
 */
export function inputOfNode(state: RunState, nodeId: string): JsonValue | undefined {
  if (!indexedByFlow.has(state.flow)) indexedByFlow.set(state.flow, indexFlow(state.flow));
  const indexed = indexedByFlow.get(state.flow);
  const index = indexed?.indexOf.get(nodeId);
  if (!indexed || index === undefined) return undefined;
  // `nodeInput` never touches `graph`: only `nodes`, and each node's `inEdges` and definition.
  return nodeInput(indexed as CompiledFlow, state, indexed.nodes[index]!);
}

/** Nodes with their definitions and edges with their source ports resolved, as compileFlow does. */
function indexFlow(flow: Flow): IndexedFlow | undefined {
  const nodes: CompiledNode[] = [];
  for (const node of flow.nodes) {
    const definition = nodeDefinition(node.type);
    if (!definition) return undefined; // a type this version does not know: the input cannot be told
    nodes.push({ index: nodes.length, id: node.id, node, definition, inEdges: [], outEdges: [] });
  }
  const indexOf = new Map(nodes.map((node) => [node.id, node.index]));
  for (const edge of flow.edges) {
    const source = nodes[indexOf.get(edge.source) ?? -1];
    const target = nodes[indexOf.get(edge.target) ?? -1];
    const port = edge.sourcePort ?? source?.definition.defaultOutput;
    if (!source || !target || port === undefined) continue;
    const compiled = { id: edge.id, source: source.index, target: target.index, port };
    source.outEdges.push(compiled);
    target.inEdges.push(compiled);
  }
  return { flow, nodes, indexOf };
}
