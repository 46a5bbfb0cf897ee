/**
 * Run events as the lines of the Log tab: time, node, status, level and a sentence. Built
 * incrementally: a live run's log only grows, so each batch converts only its new events.
 */
import type { RunEvent } from "@nexus-flow/shared";
import { formatClock, formatDuration, previewJson, shortRunId } from "./format.ts";

export const LogLevel = { Info: "info", Warn: "warn", Error: "error" } as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

export interface LogLine {
  /** Index of the event in the run's log. */
  readonly index: number;
  readonly at: number;
  /** Absent for run-level lines. */
  readonly nodeId?: string;
  readonly status: string;
  readonly level: LogLevel;
  readonly message: string;
}

/**
 * Returns a converter that keeps its lines and converts only events past the ones it saw.
 * Hand it the same (growing) log each time; a different log starts it over.
 * @example const lines = createLogLines(); lines(view.events) // LogLine[]
 */
export function createLogLines(): (events: readonly RunEvent[]) => readonly LogLine[] {
  let source: readonly RunEvent[] | undefined;
  let lines: LogLine[] = [];
  let started = new Map<string, number>();
  return (events) => {
    if (events !== source || events.length < lines.length) {
      source = events;
      lines = [];
      started = new Map();
    }
    if (lines.length === events.length) return lines;
    const next = lines.slice();
    for (let index = lines.length; index < events.length; index++) next.push(lineOf(events[index]!, index, started));
    lines = next;
    return lines;
  };
}

type Of<T extends RunEvent["type"]> = Extract<RunEvent, { type: T }>;

/** One event as a line; `started` tracks when each node's current attempt began, for durations. */
export function lineOf(event: RunEvent, index: number, started: Map<string, number>): LogLine {
  const base = { index, at: event.at };
  switch (event.type) {
    case "run.started":
      return { ...base, status: "started", level: LogLevel.Info, message: runStarted(event) };
    case "run.cancelling":
      return { ...base, status: "cancelling", level: LogLevel.Warn, message: `Cancelling the run (${event.reason})` };
    case "run.finished":
      return { ...base, ...runFinished(event) };
    case "node.queued":
      return { ...base, nodeId: event.nodeId, status: "queued", level: LogLevel.Info, message: "Queued: waiting for a free slot (the flow's concurrency limit)" };
    case "node.started":
      started.set(event.nodeId, event.at);
      return { ...base, nodeId: event.nodeId, status: "running", level: LogLevel.Info, message: event.attempt > 1 ? `Attempt ${event.attempt} started` : "Started" };
    case "node.succeeded": {
      const took = tookSince(started, event.nodeId, event.at);
      const branch = event.port !== undefined && event.port !== "out" ? ` on the "${event.port}" branch` : "";
      // A pinned node did not run: say so, or people debug a node that never executed.
      if (event.pinned) return { ...base, nodeId: event.nodeId, status: "succeeded", level: LogLevel.Info, message: "Used its pinned data (did not run)" };
      return { ...base, nodeId: event.nodeId, status: "succeeded", level: LogLevel.Info, message: `Succeeded${branch}${took}` };
    }
    case "node.failed":
      return { ...base, nodeId: event.nodeId, ...nodeFailed(event, tookSince(started, event.nodeId, event.at)) };
    case "node.waiting":
      started.set(event.nodeId, event.at);
      return { ...base, nodeId: event.nodeId, status: "waiting", level: LogLevel.Info, message: waiting(event) };
    case "node.signalled": {
      const by = event.decision.by ? ` by ${event.decision.by}` : "";
      const comment = event.decision.comment ? `: ${event.decision.comment}` : "";
      const verb = event.decision.approved ? "Approved" : "Rejected";
      return { ...base, nodeId: event.nodeId, status: verb.toLowerCase(), level: event.decision.approved ? LogLevel.Info : LogLevel.Warn, message: `${verb}${by}${comment}` };
    }
    case "node.skipped":
      if (event.reason === "disabled") return { ...base, nodeId: event.nodeId, status: "skipped", level: LogLevel.Info, message: "Skipped: disabled (its input passed on)" };
      return { ...base, nodeId: event.nodeId, status: "skipped", level: LogLevel.Info, message: "Skipped: the branch leading here was not taken" };
    case "node.cancelled":
      return { ...base, nodeId: event.nodeId, status: "cancelled", level: LogLevel.Warn, message: "Cancelled" };
    case "node.reused": {
      const from = event.record.status === "skipped" ? "Skipped, as in the earlier run" : "Reused the result of the earlier run";
      return { ...base, nodeId: event.nodeId, status: event.record.status, level: LogLevel.Info, message: from };
    }
  }
}

function runStarted(event: Of<"run.started">): string {
  const rerun = event.rerunOf ? ` as a re-run of ${shortRunId(event.rerunOf.runId)} from "${event.rerunOf.fromNode}"` : "";
  return `Run started${rerun} with input ${previewJson(event.input)}`;
}

function runFinished(event: Of<"run.finished">): Pick<LogLine, "status" | "level" | "message"> {
  if (event.status === "succeeded") return { status: "succeeded", level: LogLevel.Info, message: "Run succeeded" };
  if (event.status === "cancelled") return { status: "cancelled", level: LogLevel.Warn, message: `Run cancelled${event.error ? ` (${event.error.message})` : ""}` };
  return { status: "failed", level: LogLevel.Error, message: `Run failed: ${event.error?.message ?? "unknown error"}` };
}

function nodeFailed(event: Of<"node.failed">, took: string): Pick<LogLine, "status" | "level" | "message"> {
  const what = `Attempt ${event.attempt} failed${took}: ${event.error.message.replace(/\.$/, "")}`;
  if (event.retryAt !== undefined) {
    const wait = formatDuration(event.retryAt - event.at);
    return { status: "retrying", level: LogLevel.Warn, message: `${what}. Retrying in ${wait} (at ${formatClock(event.retryAt).slice(0, 8)})` };
  }
  if (event.output !== undefined) return { status: "failed", level: LogLevel.Warn, message: `${what}. The run goes on (this node continues on error)` };
  return { status: "failed", level: LogLevel.Error, message: event.attempt > 1 ? what : `Failed${took}: ${event.error.message.replace(/\.$/, "")}` };
}

function waiting(event: Of<"node.waiting">): string {
  if (event.reason === "approval") return "Waiting for approval";
  if (event.until === undefined) return "Waiting";
  return `Waiting ${formatDuration(event.until - event.at)}, until ${formatClock(event.until).slice(0, 8)}`;
}

function tookSince(started: Map<string, number>, nodeId: string, at: number): string {
  const from = started.get(nodeId);
  return from === undefined ? "" : ` after ${formatDuration(at - from)}`;
}
