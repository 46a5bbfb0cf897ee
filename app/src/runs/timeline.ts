/**
 * The Timeline tab's data: per node, the spans of its life in the run. Attempts are
 * `running` spans (ending succeeded, failed or cancelled); the backoff before a retry,
 * a delay or an approval wait, and time queued for a slot are spans of their own kinds.
 */
import type { RunEvent } from "@nexus-flow/shared";

export const SpanKind = { Queued: "queued", Running: "running", Backoff: "backoff", Waiting: "waiting" } as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];

export interface Span {
  readonly kind: SpanKind;
  readonly start: number;
  /** Absent while the span goes on. */
  end?: number;
  /** For running spans: which attempt. */
  readonly attempt?: number;
  /** How a running or waiting span ended. */
  outcome?: "succeeded" | "failed" | "cancelled";
  /** For waiting spans: a delay or an approval. */
  readonly reason?: "delay" | "approval";
}

export interface TimelineRow {
  readonly nodeId: string;
  readonly spans: Span[];
  /** The node's result was copied from an earlier run (partial re-run): no spans. */
  reused?: boolean;
  skipped?: boolean;
}

export interface Timeline {
  readonly rows: TimelineRow[];
  readonly start: number;
  /** The run's end, or the last event's time while it goes on. */
  readonly end: number;
}

/**
 * Rows in the order nodes first became active; nodes that never did (skipped, idle) last.
 * @example timelineOf(view.events).rows[0] // { nodeId: "start", spans: [{ kind: "running", … }] }
 */
export function timelineOf(events: readonly RunEvent[]): Timeline {
  const rows = new Map<string, TimelineRow>();
  const open = new Map<string, Span>();
  const first = events[0];
  const start = first?.at ?? 0;
  let end = start;
  const row = (nodeId: string) => rows.get(nodeId) ?? (rows.set(nodeId, { nodeId, spans: [] }), rows.get(nodeId)!);
  const close = (nodeId: string, at: number, outcome?: Span["outcome"]) => {
    const span = open.get(nodeId);
    if (!span) return;
    span.end = at;
    if (outcome && (span.kind === SpanKind.Running || span.kind === SpanKind.Waiting)) span.outcome = outcome;
    open.delete(nodeId);
  };
  const begin = (nodeId: string, span: Span) => {
    close(nodeId, span.start);
    row(nodeId).spans.push(span);
    open.set(nodeId, span);
  };

  for (const event of events) {
    end = Math.max(end, event.at);
    switch (event.type) {
      case "node.queued":
        begin(event.nodeId, { kind: SpanKind.Queued, start: event.at });
        break;
      case "node.started":
        begin(event.nodeId, { kind: SpanKind.Running, start: event.at, attempt: event.attempt });
        break;
      case "node.waiting":
        begin(event.nodeId, { kind: SpanKind.Waiting, start: event.at, reason: event.reason, attempt: event.attempt });
        break;
      case "node.succeeded":
        close(event.nodeId, event.at, "succeeded");
        break;
      case "node.failed":
        close(event.nodeId, event.at, "failed");
        // Ends at the planned retry time, or when the next attempt actually starts.
        if (event.retryAt !== undefined) begin(event.nodeId, { kind: SpanKind.Backoff, start: event.at, end: event.retryAt });
        break;
      case "node.cancelled":
        close(event.nodeId, event.at, "cancelled");
        break;
      case "node.skipped":
        row(event.nodeId).skipped = true;
        break;
      case "node.reused":
        row(event.nodeId).reused = true;
        break;
      case "run.finished":
        for (const nodeId of [...open.keys()]) close(nodeId, event.at, "cancelled");
        break;
      default:
        break;
    }
  }
  return { rows: [...rows.values()].sort(byFirstActivity), start, end };
}

function byFirstActivity(a: TimelineRow, b: TimelineRow): number {
  const at = (row: TimelineRow) => row.spans[0]?.start ?? Infinity;
  return at(a) - at(b);
}
