import { ErrorCode, NexusError, planRerun, validateFlow, type CompiledFlow, type Flow, type RunState } from "@nexus-flow/shared";
import type { PlannedSingle } from "./engine-api.ts";

/**
 * "Run this node": runs one node with the input its upstream nodes recorded in `source` (the
 * run shown), and nothing after it. The run's flow is the node and its upstream nodes only
 * (so nothing downstream starts); the upstream nodes reuse their recorded results, as a
 * partial re-run does (engine SPEC rule P1). The node runs even if it is disabled or pinned:
 * running it is what was asked. A node with nothing upstream takes the run input instead.
 * @example planSingleNode(run, readFlow(doc), "http-request-x") // { flow, rerunOf, reuse }
 */
export function planSingleNode(source: RunState | undefined, compiled: CompiledFlow, nodeId: string): PlannedSingle {
  const index = compiled.indexOf.get(nodeId);
  if (index === undefined) throw new NexusError({ code: "UNKNOWN_NODE", message: `the flow has no node "${nodeId}"`, retryable: false });
  const keep = upstreamOf(compiled, index);
  keep.add(index);
  const ids = new Set([...keep].map((at) => compiled.nodes[at]!.id));
  const flow: Flow = {
    ...compiled.flow,
    nodes: compiled.flow.nodes.filter((node) => ids.has(node.id)).map((node) => (node.id === nodeId && node.disabled ? withoutDisabled(node) : node)),
    edges: compiled.flow.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)),
  };
  const checked = validateFlow(flow);
  if (!checked.ok) throw new NexusError({ code: ErrorCode.InvalidFlow, message: "the flow has problems", retryable: false });
  if (keep.size === 1) return { flow: checked.flow };
  if (!source) {
    throw new NexusError({ code: "NO_RECORDED_INPUT", message: "Run the flow once first: \u201cRun this node\u201d uses the input its upstream nodes recorded in the run shown.", retryable: false });
  }
  return { flow: checked.flow, ...planRerun(source, checked.compiled, nodeId) };
}

function withoutDisabled<T extends { disabled?: boolean }>(node: T): T {
  const { disabled: _disabled, ...rest } = node;
  return rest as T;
}

/** Indexes of every node upstream of `index` (along incoming edges). */
function upstreamOf(compiled: CompiledFlow, index: number): Set<number> {
  const seen = new Set<number>();
  const stack = [index];
  while (stack.length) {
    for (const edge of compiled.nodes[stack.pop()!]!.inEdges) {
      if (seen.has(edge.source)) continue;
      seen.add(edge.source);
      stack.push(edge.source);
    }
  }
  return seen;
}
