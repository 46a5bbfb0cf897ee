import { dict, type NodeRecord, type RunState } from "@nexus-flow/shared";

/** The `--json` result: `{ runId, status, error?, nodes: { id: { status, attempts, … } } }`. */
export function runResult(state: RunState, suspended = false) {
  const nodes = dict<ReturnType<typeof nodeResult>>(); // by node id: `__proto__` is a key like any other
  for (const node of state.flow.nodes) nodes[node.id] = nodeResult(state.nodes[node.id]!);
  return {
    runId: state.runId,
    status: suspended ? "waiting" : state.status,
    ...(state.error ? { error: { code: state.error.code, message: state.error.message, ...(state.error.nodeId ? { nodeId: state.error.nodeId } : {}) } } : {}),
    nodes,
  };
}

function nodeResult(record: NodeRecord) {
  return {
    status: record.status,
    attempts: record.attempts,
    ...(record.output !== undefined ? { output: record.output } : {}),
    ...(record.error ? { error: { code: record.error.code, message: record.error.message } } : {}),
    startedAt: iso(record.startedAt),
    finishedAt: iso(record.finishedAt),
  };
}

// Thousands of nodes share a handful of millisecond timestamps: format each one once.
let lastTime: number | undefined;
let lastIso = "";
function iso(time: number | undefined): string | null {
  if (time === undefined) return null;
  if (time !== lastTime) [lastTime, lastIso] = [time, new Date(time).toISOString()];
  return lastIso;
}
