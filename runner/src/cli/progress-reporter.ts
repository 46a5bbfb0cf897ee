import type { RunEvent } from "@nexus-flow/shared";

/**
 * Live progress on stderr: one line per node status change. Lines of one log append are
 * written together, so a 10,000-node run does not make 30,000 writes.
 */
export function createProgressReporter(write: (text: string) => void) {
  const startedAt = new Map<string, number>();
  let runStartedAt = 0;

  function line(event: RunEvent): string | undefined {
    switch (event.type) {
      case "run.started":
        runStartedAt = event.at;
        return `run ${event.runId} started: flow "${event.flow.name}" (${event.flow.nodes.length} nodes)${event.rerunOf ? `, re-run of ${event.rerunOf.runId} from "${event.rerunOf.fromNode}"` : ""}`;
      case "node.queued":
        return node(event.nodeId, "queued");
      case "node.started":
        if (!startedAt.has(event.nodeId)) startedAt.set(event.nodeId, event.at);
        return node(event.nodeId, event.attempt > 1 ? `running (attempt ${event.attempt})` : "running");
      case "node.succeeded":
        return node(event.nodeId, `succeeded${took(event.nodeId, event.at)}`);
      case "node.failed":
        if (event.retryAt !== undefined) return node(event.nodeId, `retrying in ${seconds(event.retryAt - event.at)}: ${event.error.message}`);
        return node(event.nodeId, `failed: ${event.error.message}${event.output !== undefined ? " (continuing)" : ""}`);
      case "node.waiting":
        return node(event.nodeId, event.reason === "approval" ? "waiting for approval" : `waiting until ${new Date(event.until!).toISOString()}`);
      case "node.signalled":
        return node(event.nodeId, `${event.decision.approved ? "approved" : "rejected"}${event.decision.by ? ` by ${event.decision.by}` : ""}`);
      case "node.skipped":
      case "node.cancelled":
        return node(event.nodeId, event.type === "node.skipped" ? "skipped" : "cancelled");
      case "node.reused":
        return node(event.nodeId, `${event.record.status} (reused)`);
      case "run.cancelling":
        return `cancelling: ${event.reason}`;
      case "run.finished":
        return `run ${event.status}${event.error ? `: ${event.error.message}` : ""} (${seconds(event.at - runStartedAt)})`;
    }
  }

  const took = (nodeId: string, at: number) => (startedAt.has(nodeId) ? ` in ${seconds(at - startedAt.get(nodeId)!)}` : "");

  return {
    /** For runs picked up from a log: there is no run.started among the new events. */
    header(text: string, startedAtMs: number): void {
      runStartedAt = startedAtMs;
      write(`${text}\n`);
    },
    report(events: readonly RunEvent[]): void {
      let text = "";
      for (const event of events) {
        const next = line(event);
        if (next !== undefined) text += next + "\n";
      }
      if (text) write(text);
    },
  };
}

const node = (nodeId: string, status: string) => `  ${nodeId}: ${status}`;

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.max(0, Math.round(ms))} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
