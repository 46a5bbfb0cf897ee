import { applyEvent, createRunState, isTerminal, type CompiledFlow, type RunEvent, type RunState } from "../src/index.ts";

/**
 * Checks of a run log against the SPEC's scheduling rules. Each returns the violations it
 * found as sentences (empty when the log obeys the rule), so a failing property prints them.
 */

/** Folds `log`, calling `visit` with the state just before each event. */
function walk(log: readonly RunEvent[], visit: (state: RunState, event: RunEvent, at: number) => void): RunState {
  const first = log[0];
  if (first?.type !== "run.started") throw new Error("log must start with run.started");
  const state = createRunState(first);
  for (let i = 1; i < log.length; i++) {
    visit(state, log[i]!, i);
    applyEvent(state, log[i]!);
  }
  return state;
}

/** S1, M1: a node is started, queued, made to wait or skipped only once all its inputs are resolved. */
export function startsAfterInputs(compiled: CompiledFlow, log: readonly RunEvent[]): string[] {
  const violations: string[] = [];
  walk(log, (state, event, at) => {
    if (!["node.started", "node.queued", "node.waiting", "node.skipped"].includes(event.type) || !("nodeId" in event)) return;
    for (const edge of compiled.nodes[compiled.indexOf.get(event.nodeId)!]!.inEdges) {
      const source = compiled.nodes[edge.source]!.id;
      if (!isTerminal(state.nodes[source]!.status)) violations.push(`S1: event ${at} ${event.type} ${event.nodeId} while input ${source} is ${state.nodes[source]!.status}`);
    }
  });
  return violations;
}

/** S2: no (node, attempt) starts twice in `events`. */
export function oncePerAttempt(events: readonly RunEvent[]): string[] {
  const seen = new Set<string>();
  const violations: string[] = [];
  for (const event of events) {
    if (event.type !== "node.started" && event.type !== "node.waiting") continue;
    const key = `${event.nodeId}#${event.attempt}`;
    if (seen.has(key)) violations.push(`S2: ${key} started twice`);
    seen.add(key);
  }
  return violations;
}

/** S3: after each append, at most `cap` task nodes are running. */
export function withinCap(compiled: CompiledFlow, prefix: readonly RunEvent[], batches: readonly RunEvent[][], cap: number): string[] {
  const violations: string[] = [];
  const all = [...prefix, ...batches.flat()];
  const ends = new Set<number>();
  let end = prefix.length;
  for (const batch of batches) ends.add((end += batch.length) - 1);
  const tasks = compiled.nodes.filter((node) => node.definition.behaviour === "task").map((node) => node.id);
  walk(all, (state, _event, at) => {
    if (!ends.has(at - 1)) return;
    const running = tasks.filter((id) => state.nodes[id]!.status === "running").length;
    if (running > cap) violations.push(`S3: ${running} tasks running after event ${at - 1}, cap ${cap}`);
  });
  return violations;
}

/** S4: queued tasks start in the order they were queued, and no task overtakes a queued one. */
export function queuedInOrder(compiled: CompiledFlow, log: readonly RunEvent[]): string[] {
  const violations: string[] = [];
  const queue: string[] = [];
  for (const event of log) {
    if (event.type === "node.queued") queue.push(event.nodeId);
    if (event.type !== "node.started" || compiled.nodes[compiled.indexOf.get(event.nodeId)!]!.definition.behaviour !== "task") continue;
    if (queue.length === 0) continue;
    if (queue[0] !== event.nodeId) violations.push(`S4: ${event.nodeId} started while ${queue[0]} was first in the queue`);
    else queue.shift();
  }
  return violations;
}

/** E2: after a final failure without `onError: "continue"`, nothing new starts. */
export function nothingStartsAfterFailure(log: readonly RunEvent[]): string[] {
  const at = log.findIndex((event) => event.type === "node.failed" && event.retryAt === undefined && event.output === undefined);
  if (at < 0) return [];
  return log.slice(at).flatMap((event) => (["node.started", "node.queued", "node.waiting"].includes(event.type) && "nodeId" in event ? [`E2: ${event.type} ${event.nodeId} after the run failed`] : []));
}
