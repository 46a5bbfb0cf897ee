import type { RunState } from "@nexus-flow/shared";
import type { CompletionScope } from "../../ui/completions.ts";
import { inputOfNode } from "../../runs/node-input-of.ts";

/**
 * What a node's code fields complete from: the node's input in the shown (last) run and
 * every output that run recorded, by node id. Undefined before any run: nothing to offer.
 * @example completionScopeOf(run, "shape") // { input: { user: … }, nodes: { fetch: { status: 200, … } } }
 */
export function completionScopeOf(run: RunState | undefined, nodeId: string, names?: (nodeId: string) => string): CompletionScope | undefined {
  if (!run) return undefined;
  const nodes: Record<string, CompletionScope["nodes"][string]> = Object.create(null);
  for (const [id, record] of Object.entries(run.nodes)) if (record.output !== undefined) nodes[id] = record.output;
  const ran = run.nodes[nodeId] !== undefined;
  return { input: ran ? inputOfNode(run, nodeId) : undefined, nodes, ...(names ? { names } : {}) };
}
