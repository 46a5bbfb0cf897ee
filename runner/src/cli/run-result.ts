import { dict, type NodeRecord, type RunState } from "@nexus-flow/shared";

/** The `--json` result: `{ runId, status, error?, nodes: { id: { status, attempts, … } } }`. */
export function runResult(state: RunState, suspended = false) {
  const nodes = dict<NodeResult>(); // by node id: `__proto__` is a key like any other
  for (const node of state.flow.nodes) nodes[node.id] = nodeResult(state.nodes[node.id]!);
  return {
    runId: state.runId,
    status: suspended ? "waiting" : state.status,
    ...(state.error ? { error: { code: state.error.code, message: state.error.message, ...(state.error.nodeId ? { nodeId: state.error.nodeId } : {}) } } : {}),
    nodes,
  };
}

interface NodeResult {
  status: NodeRecord["status"];
  attempts: number;
  output?: NodeRecord["output"];
  error?: { code: string; message: string };
  startedAt: string | null;
  finishedAt: string | null;
}

/** Fields set one by one, in the order printed: a 10,000-node run makes 10,000 of these before V8 optimizes this, and two object spreads each cost more than the rest. */
function nodeResult(record: NodeRecord): NodeResult {
  const result = { status: record.status, attempts: record.attempts } as NodeResult;
  if (record.output !== undefined) result.output = record.output;
  if (record.error) result.error = { code: record.error.code, message: record.error.message };
  result.startedAt = started.iso(record.startedAt);
  result.finishedAt = finished.iso(record.finishedAt);
  return result;
}

/**
 * Thousands of nodes share a handful of millisecond timestamps: each one is formatted once.
 * One memo per field: a node's start and end usually differ, and a single memo read in
 * turns by both fields formatted every timestamp again (20,000 dates for 10,000 nodes).
 */
class IsoMemo {
  private time: number | undefined;
  private text = "";
  iso(time: number | undefined): string | null {
    if (time === undefined) return null;
    if (time !== this.time) {
      this.time = time;
      this.text = new Date(time).toISOString();
    }
    return this.text;
  }
}
const started = new IsoMemo();
const finished = new IsoMemo();
