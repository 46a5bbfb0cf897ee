import { dict, dictFrom, isTerminal, type RunState } from "@nexus-flow/shared";
import { roomLimits, type RunBroadcast } from "@nexus-flow/shared/collab";

/**
 * The room's view of a run of this tab: statuses and progress, not data or logs (those stay
 * in this browser, and run history never enters the flow document). A run too big for one
 * notice sends only its active nodes, then only its progress.
 */
export function runBroadcastOf(state: RunState, by: string): RunBroadcast {
  const nodes = dict<string>(); // keyed by node ids: a node may be called `__proto__`
  let done = 0;
  let total = 0;
  for (const id in state.nodes) {
    const status = state.nodes[id]!.status;
    nodes[id] = status;
    total++;
    if (isTerminal(status)) done++;
  }
  const base = { type: "run" as const, runId: state.runId, by, status: state.status, done, total };
  const full = { ...base, nodes };
  if (fits(full)) return full;
  const active = { ...base, nodes: dictFrom(Object.entries(nodes).filter(([, status]) => status !== "idle" && !isTerminal(status as never))) };
  return fits(active) ? active : { ...base, nodes: {} };
}

const fits = (message: RunBroadcast) => JSON.stringify(message).length <= roomLimits.maxNoticeBytes - 1024;

/**
 * Sends a run's status at most every `everyMs` (a 10,000-node run changes hundreds of times
 * a second), built only when sent, and always its final state at once.
 */
export function createRunBroadcaster(send: (message: RunBroadcast) => void, everyMs = 150) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest: (() => RunBroadcast) | undefined;
  const flush = () => {
    timer = undefined;
    if (latest) send(latest());
    latest = undefined;
  };
  return {
    update(state: RunState, by: string): void {
      latest = () => runBroadcastOf(state, by);
      if (state.status !== "running") {
        clearTimeout(timer);
        flush();
      } else timer ??= setTimeout(flush, everyMs);
    },
    dispose: () => clearTimeout(timer),
  };
}
