import type { CompiledFlow } from "../flow/compile-flow.ts";
import { NexusError } from "../errors/index.ts";
import { dict, ownValue } from "../dict.ts";
import { quoteValue } from "../json-limits.ts";
import { NodeStatus, type NodeRecord, type RerunOrigin } from "./run-event.ts";
import type { RunState } from "./run-state.ts";
import { createUpstreamIndex, descendantsOf } from "./upstream.ts";

export interface RerunPlan {
  readonly rerunOf: RerunOrigin;
  readonly reuse: Record<string, NodeRecord>;
}

/**
 * Plans a partial re-run from `fromNode` (SPEC rule P1): that node and everything downstream
 * of it run again; every other node keeps its recorded result from `source`. The flow may
 * have been edited since (that is the point: fix a node, re-run from it); nodes are matched
 * by id. Every node upstream of `fromNode` must have a result to reuse.
 * @example startRun({ compiled, runId: "r2", input: source.input, ...planRerun(source, compiled, "double") }, ports)
 */
export function planRerun(source: RunState, compiled: CompiledFlow, fromNode: string): RerunPlan {
  const from = compiled.indexOf.get(fromNode);
  if (from === undefined) throw new NexusError({ code: "UNKNOWN_NODE", message: `the flow has no node ${quoteValue(fromNode)}`, retryable: false });
  const rerun = descendantsOf(compiled, from);
  const isUpstream = createUpstreamIndex(compiled);
  const reuse = dict<NodeRecord>();
  for (const node of compiled.nodes) {
    if (rerun.has(node.index)) continue;
    const record = ownValue(source.nodes, node.id);
    if (record && isReusable(record)) reuse[node.id] = reusableCopy(record);
    else if (isUpstream(from, node.index)) {
      const status = record ? record.status : "absent";
      const message = `cannot re-run from "${fromNode}": upstream node "${node.id}" has no result in run ${source.runId} (${status})`;
      throw new NexusError({ code: "NOT_REUSABLE", message, retryable: false });
    }
  }
  return { rerunOf: { runId: source.runId, fromNode }, reuse };
}

function isReusable(record: NodeRecord): boolean {
  if (record.status === NodeStatus.Succeeded || record.status === NodeStatus.Skipped) return true;
  return record.status === NodeStatus.Failed && record.output !== undefined;
}

function reusableCopy(record: NodeRecord): NodeRecord {
  const { status, attempts, output, port, error, startedAt, finishedAt, skipReason, pinned } = record;
  const copy: NodeRecord = { status, attempts };
  if (output !== undefined) copy.output = output;
  if (port !== undefined) copy.port = port;
  if (error !== undefined) copy.error = error;
  if (startedAt !== undefined) copy.startedAt = startedAt;
  if (finishedAt !== undefined) copy.finishedAt = finishedAt;
  if (skipReason !== undefined) copy.skipReason = skipReason;
  if (pinned) copy.pinned = pinned;
  return copy;
}
