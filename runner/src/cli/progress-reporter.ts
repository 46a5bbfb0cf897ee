import type { RunEvent } from "@nexus-flow/shared";

/** One node's change, as printed: `  <nodeId>: <text>`; `status` is what a summary counts. */
interface NodeLine {
  readonly nodeId: string;
  readonly status: string;
  readonly text: string;
}

/**
 * What the reporter keeps of one node, made once per node: a 10,000-node run pools thousands
 * of events a turn, and a map per turn to find each node's last event cost more than the run's
 * steps did.
 */
interface NodeSlot {
  /** When its first attempt started, for "succeeded in …". */
  startedAt: number | undefined;
  /** The pool it was last counted in (`pool` below). */
  pool: number;
  /** Its latest event in that pool: the one a summary counts it under. */
  last: RunEvent | undefined;
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
  /** Node events not yet written (their lines are made only if they are printed one by one), and whether a write of them is scheduled. */
  let nodes: RunEvent[] = [];
  /** Each pooled event's node, in step with `nodes`. */
  let nodeSlots: NodeSlot[] = [];
  /** Nodes among the pooled events, and which pool this is. */
  let distinct = 0;
  let pool = 0;
  let flushArmed = false;
  const slots = new Map<string, NodeSlot>();
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

  /** The line of a node event, or `undefined` for other events. */
  function nodeLine(event: RunEvent): NodeLine | undefined {
    const status = statusOf(event);
    return status === undefined ? undefined : { nodeId: (event as { nodeId: string }).nodeId, status, text: nodeText(event, status) };
  }

  function nodeText(event: RunEvent, status: string): string {
    switch (event.type) {
      case "node.started":
        return event.attempt > 1 ? `running (attempt ${event.attempt})` : status;
      case "node.succeeded":
        return `succeeded${took(event.nodeId, event.at)}`;
      case "node.failed":
        if (event.retryAt !== undefined) return `retrying in ${seconds(event.retryAt - event.at)}: ${event.error.message}`;
        return `failed: ${event.error.message}${event.output !== undefined ? " (continuing)" : ""}`;
      case "node.waiting":
        return event.reason === "approval" ? status : `waiting until ${new Date(event.until!).toISOString()}`;
      case "node.signalled":
        return `${status}${event.decision.by ? ` by ${event.decision.by}` : ""}`;
      default:
        return status;
    }
  }

  const took = (nodeId: string, at: number) => {
    const started = slots.get(nodeId)?.startedAt;
    return started === undefined ? "" : ` in ${seconds(at - started)}`;
  };

  /** Pools a node event, and notes it as its node's latest. */
  function pooled(event: RunEvent): void {
    const nodeId = (event as { nodeId: string }).nodeId;
    let slot = slots.get(nodeId);
    if (!slot) slots.set(nodeId, (slot = { startedAt: undefined, pool: -1, last: undefined }));
    if (event.type === "node.started" && slot.startedAt === undefined) slot.startedAt = event.at;
    if (slot.pool !== pool) (slot.pool = pool), distinct++;
    slot.last = event;
    nodes.push(event);
    nodeSlots.push(slot);
  }

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
        if (statusOf(event) !== undefined) {
          pooled(event);
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
    const [events, eventSlots, count] = [nodes, nodeSlots, distinct];
    [nodes, nodeSlots, distinct] = [[], [], 0];
    pool++;
    // Counts nodes, not events: a node may start and succeed in one batch.
    if (count <= screenful) return events.map((event) => lineText(nodeLine(event)!)).join("");
    return summarize(events, eventSlots);
  }

  /**
   * `  999 nodes cancelled`, one line per status in order of first appearance; each node
   * counts under its last status of the batch; failures name the first.
   */
  function summarize(events: readonly RunEvent[], eventSlots: readonly NodeSlot[]): string {
    const byStatus = new Map<string, { count: number; readonly first: RunEvent }>();
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      if (eventSlots[i]!.last !== event) continue;
      const status = statusOf(event)!;
      const group = byStatus.get(status);
      if (group) group.count++;
      else byStatus.set(status, { count: 1, first: event });
    }
    let text = "";
    for (const [status, { count, first }] of byStatus) {
      const line = count === 1 || status === "failed" || status === "retrying" ? nodeLine(first)! : undefined;
      if (count === 1) text += lineText(line!);
      else text += `  ${thousands(count)} nodes ${status}${line ? ` (first: ${line.nodeId}: ${line.text})` : ""}\n`;
    }
    return text;
  }
}

const lineText = (line: NodeLine) => `  ${line.nodeId}: ${line.text}\n`;

/** What a summary counts a node event under; `undefined` for events that are not about a node's status. */
function statusOf(event: RunEvent): string | undefined {
  switch (event.type) {
    case "node.queued":
      return "queued";
    case "node.started":
      return "running";
    case "node.succeeded":
      return "succeeded";
    case "node.failed":
      return event.retryAt !== undefined ? "retrying" : "failed";
    case "node.waiting":
      return event.reason === "approval" ? "waiting for approval" : "waiting";
    case "node.signalled":
      return event.decision.approved ? "approved" : "rejected";
    case "node.skipped":
      return "skipped";
    case "node.cancelled":
      return "cancelled";
    case "node.reused":
      return `${event.record.status} (reused)`;
    default:
      return undefined;
  }
}

/** 9992 → "9,992". Not toLocaleString: its first call loads ICU data, ~50 ms. */
function thousands(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+$)/g, ",");
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.max(0, Math.round(ms))} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
