import type { RunEvent } from "@nexus-flow/shared";

/** One node's change, as printed: `  <nodeId>: <text>`; `status` is what a summary counts. */
interface NodeLine {
  readonly nodeId: string;
  readonly status: string;
  readonly text: string;
}

export interface ProgressOptions {
  /** Node changes of one batch beyond this many are summarized per status ("999 nodes cancelled"). */
  readonly screenful?: number;
  /**
   * Runs a function once the current turn of the event loop is over. With it, the node changes
   * of every step in one turn form one batch: a 10,000-node fan-out makes a thousand small
   * steps in a few turns, and would print 20,000 lines otherwise. Without it, a batch is one
   * `report` call (one engine step).
   */
  readonly afterTurn?: (flush: () => void) => void;
}

/**
 * Live progress on stderr: one line per node status change. Changes that happen together (one
 * engine step, or one turn of the event loop with `afterTurn`) are written together; when they
 * are about more nodes than fit on a screen (10,000 nodes queued at once, 999 cancelled after
 * a failure, hundreds of quick transforms finishing in one turn), it prints one line per
 * status instead, so a big flow's progress stays readable and cheap.
 */
export function createProgressReporter(write: (text: string) => void, options: ProgressOptions = {}) {
  const screenful = options.screenful ?? 20;
  const { afterTurn } = options;
  /** Node changes not yet written, and whether a write of them is scheduled. */
  let nodes: NodeLine[] = [];
  let flushArmed = false;
  const startedAt = new Map<string, number>();
  let runStartedAt = 0;

  function runLine(event: RunEvent): string | undefined {
    switch (event.type) {
      case "run.started":
        runStartedAt = event.at;
        return `run ${event.runId} started: flow "${event.flow.name}" (${event.flow.nodes.length} nodes)${event.rerunOf ? `, re-run of ${event.rerunOf.runId} from "${event.rerunOf.fromNode}"` : ""}`;
      case "run.cancelling":
        return `cancelling: ${event.reason}`;
      case "run.finished":
        return `run ${event.status}${event.error ? `: ${event.error.message}` : ""} (${seconds(event.at - runStartedAt)})`;
      default:
        return undefined;
    }
  }

  function nodeLine(event: RunEvent): NodeLine | undefined {
    switch (event.type) {
      case "node.queued":
        return node(event.nodeId, "queued");
      case "node.started":
        if (!startedAt.has(event.nodeId)) startedAt.set(event.nodeId, event.at);
        return node(event.nodeId, "running", event.attempt > 1 ? `running (attempt ${event.attempt})` : "running");
      case "node.succeeded":
        return node(event.nodeId, "succeeded", `succeeded${took(event.nodeId, event.at)}`);
      case "node.failed":
        if (event.retryAt !== undefined) return node(event.nodeId, "retrying", `retrying in ${seconds(event.retryAt - event.at)}: ${event.error.message}`);
        return node(event.nodeId, "failed", `failed: ${event.error.message}${event.output !== undefined ? " (continuing)" : ""}`);
      case "node.waiting":
        return node(event.nodeId, event.reason === "approval" ? "waiting for approval" : "waiting", event.reason === "approval" ? "waiting for approval" : `waiting until ${new Date(event.until!).toISOString()}`);
      case "node.signalled":
        return node(event.nodeId, event.decision.approved ? "approved" : "rejected", `${event.decision.approved ? "approved" : "rejected"}${event.decision.by ? ` by ${event.decision.by}` : ""}`);
      case "node.skipped":
        return node(event.nodeId, "skipped");
      case "node.cancelled":
        return node(event.nodeId, "cancelled");
      case "node.reused":
        return node(event.nodeId, `${event.record.status} (reused)`);
      default:
        return undefined;
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
      // Node lines first, in order; run lines (started, cancelling, finished) keep their place around them.
      let text = "";
      for (const event of events) {
        const line = nodeLine(event);
        if (line) {
          nodes.push(line);
          continue;
        }
        const run = runLine(event);
        if (run === undefined) continue;
        text += takeNodes() + run + "\n";
      }
      if (afterTurn && nodes.length > 0) {
        if (text) write(text);
        if (!flushArmed) (flushArmed = true), afterTurn(flush);
        return;
      }
      text += takeNodes();
      if (text) write(text);
    },
    /** Writes the node changes still pooled for this turn (call before the run's last words). */
    flush,
  };

  function flush(): void {
    flushArmed = false;
    const text = takeNodes();
    if (text) write(text);
  }

  /** The pooled node changes as text, one line each or summarized, and an empty pool. */
  function takeNodes(): string {
    if (nodes.length === 0) return "";
    const text = changedNodes(nodes) > screenful ? summarize(nodes) : nodes.map((line) => `  ${line.nodeId}: ${line.text}\n`).join("");
    nodes = [];
    return text;
  }
}

const node = (nodeId: string, status: string, text = status): NodeLine => ({ nodeId, status, text });

/** How many different nodes the lines are about (a node may start and succeed in one step). */
function changedNodes(lines: readonly NodeLine[]): number {
  if (lines.length <= 1) return lines.length;
  return new Set(lines.map((line) => line.nodeId)).size;
}

/**
 * `  999 nodes cancelled`, one line per status in order of first appearance; each node
 * counts under its last status of the step; failures name the first.
 */
function summarize(lines: readonly NodeLine[]): string {
  const last = new Map<string, NodeLine>();
  for (const line of lines) last.set(line.nodeId, line);
  const byStatus = new Map<string, NodeLine[]>();
  for (const line of lines) {
    if (last.get(line.nodeId) !== line) continue;
    const group = byStatus.get(line.status);
    if (group) group.push(line);
    else byStatus.set(line.status, [line]);
  }
  let text = "";
  for (const [status, group] of byStatus) {
    const first = status === "failed" || status === "retrying" ? ` (first: ${group[0]!.nodeId}: ${group[0]!.text})` : "";
    text += group.length === 1 ? `  ${group[0]!.nodeId}: ${group[0]!.text}\n` : `  ${thousands(group.length)} nodes ${status}${first}\n`;
  }
  return text;
}

/** 9992 → "9,992". Not toLocaleString: its first call loads ICU data, ~50 ms. */
function thousands(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+$)/g, ",");
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.max(0, Math.round(ms))} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
