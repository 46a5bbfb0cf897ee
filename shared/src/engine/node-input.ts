import type { CompiledEdge, CompiledNode } from "../flow/compile-flow.ts";
import type { JsonValue } from "../json.ts";
import type { NodeDefinition } from "../nodes/node-definition.ts";
import { NodeStatus, type NodeRecord } from "./run-event.ts";
import type { RunState } from "./run-state.ts";
import { dict } from "../dict.ts";

/**
 * What `nodeInput` reads of a compiled node: its id, its flow node, its incoming edges and
 * its definition's default port. A `CompiledNode` is one; the app's page builds these from
 * the node catalog, without compiling the flow or loading the node definitions.
 */
export type InputNode = Pick<CompiledNode, "id" | "node"> & {
  readonly inEdges: readonly CompiledEdge[];
  readonly definition: Pick<NodeDefinition, "defaultOutput">;
};

/**
 * The output a finished node sends along `port`, or `undefined` when nothing travels there:
 * a succeeded node sends on the port it chose (its default port unless it branched); a node
 * that failed under `onError: "continue"` sends its error output on its default port; a
 * disabled node sends its input on its pass-through port.
 */
export function outputOnPort(record: NodeRecord, node: Pick<InputNode, "definition">, port: string): JsonValue | undefined {
  if (record.status === NodeStatus.Succeeded) return (record.port ?? node.definition.defaultOutput) === port ? (record.output ?? null) : undefined;
  if (record.status === NodeStatus.Failed && record.output !== undefined && node.definition.defaultOutput === port) return record.output;
  // A disabled node passes its input on the port it names (SPEC rule K3); other skips send nothing.
  if (record.status === NodeStatus.Skipped && record.output !== undefined && record.port === port) return record.output;
  return undefined;
}

/** The port a disabled or pinned node sends on: its default, else its first (a condition's `true`, as in n8n). */
export function passPort(definition: { readonly defaultOutput?: string | undefined; readonly outputs: readonly string[] }): string | undefined {
  return definition.defaultOutput ?? definition.outputs[0];
}

/**
 * A node's input (SPEC rules I1–I3, M2, M3): the run input for a node with no incoming
 * edge; the upstream output for one edge; otherwise an object keyed by upstream node id.
 */
export function nodeInput(compiled: { readonly nodes: readonly InputNode[] }, state: RunState, node: InputNode): JsonValue {
  const edges = node.inEdges;
  if (edges.length === 0) return state.input;
  if (edges.length === 1 && node.node.type !== "merge") {
    const source = compiled.nodes[edges[0]!.source]!;
    return outputOnPort(state.nodes[source.id]!, source, edges[0]!.port) ?? null;
  }
  const arrived = dict<JsonValue>(); // keyed by user ids: no prototype (SPEC rule I5)
  let count = 0;
  let only: JsonValue = null;
  for (const edge of edges) {
    const source = compiled.nodes[edge.source]!;
    const value = outputOnPort(state.nodes[source.id]!, source, edge.port);
    if (value === undefined || source.id in arrived) continue;
    arrived[source.id] = value;
    only = value;
    count++;
  }
  if (node.node.type === "merge") return node.node.config.mode === "any" && count === 1 ? only : arrived;
  return edges.length === 1 ? only : arrived;
}
