import { validateFlow, formatIssue, type Flow, type FlowNode, type FlowEdge, type CompiledFlow } from "../src/index.ts";

type NodeSpec = Omit<FlowNode, "id" | "position"> & Partial<Pick<FlowNode, "position">>;

/**
 * A small fluent builder for graph fixtures. Write an ASCII sketch of the graph above each use.
 * @example flow().node("a", { type: "noop", config: {} }).node("b", ...).edge("a", "b").compile()
 */
export function flow(id = "test") {
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  const builder = {
    node(nodeId: string, spec: NodeSpec) {
      nodes.push({ id: nodeId, position: { x: nodes.length * 200, y: 0 }, ...spec } as FlowNode);
      return builder;
    },
    noop(...ids: string[]) {
      for (const nodeId of ids) builder.node(nodeId, { type: "noop", config: {} });
      return builder;
    },
    trigger(nodeId = "start") {
      return builder.node(nodeId, { type: "trigger.manual", config: {} });
    },
    transform(nodeId: string, code: string, extra: Partial<FlowNode> = {}) {
      return builder.node(nodeId, { type: "transform", config: { code }, ...extra } as NodeSpec);
    },
    edge(source: string, target: string, sourcePort?: string) {
      edges.push({ id: `e${edges.length}`, source, target, ...(sourcePort ? { sourcePort } : {}) });
      return builder;
    },
    /** Edges along a path: chain("a", "b", "c") is a → b → c. */
    chain(...ids: string[]) {
      for (let i = 1; i < ids.length; i++) builder.edge(ids[i - 1]!, ids[i]!);
      return builder;
    },
    build(): Flow {
      return { schemaVersion: 1, id, name: id, nodes: [...nodes], edges: [...edges] };
    },
    compile(): CompiledFlow {
      const result = validateFlow(builder.build());
      if (!result.ok) throw new Error(result.issues.map(formatIssue).join("\n"));
      return result.compiled;
    },
  };
  return builder;
}
