/**
 * Headless runs as `flow.run` jobs (rules H1–H5): the hub keeps each run's log, hands it to
 * the runner that takes the job (a re-offered job resumes where the lost runner stopped),
 * appends the events the runner streams, and fans them out to watchers.
 */
import { applyEvent, foldRunLog, type ApprovalDecision, type Flow, type RunEvent, type RunState } from "@nexus-flow/shared";
import type { FlowRunPayload } from "@nexus-flow/shared/protocol";
import { randomId } from "../auth/token-claims.ts";
import { waitingReason, type Effect, type JobRecord } from "./job-book.ts";
import { appendRunEntries, createRun, engineLog, getRunRow, readRunEntries, type NewRun } from "./runs.ts";
import { startBufferedAfter } from "./schedule-firing.ts";
import { count, MetricTally, observe } from "./metrics.ts";
import { onRunFinished } from "./notifications.ts";
import { sendJson } from "./sockets.ts";
import type { TeamHub } from "./team-hub.ts";
import { RunsChanged } from "./runs-changed.ts";

/** Approvals a headless run waits for park it: the runner hands the job back (H4). */
export interface ParkedOutput {
  readonly parked: true;
  readonly waiting: readonly string[];
}

/** What a webhook answering with the result says: the run's status, its last output, its error. */
export interface RunResult {
  readonly status: string;
  readonly output?: unknown;
  readonly error?: unknown;
}

/** The output of the last node to finish among those nothing follows (a webhook's `result`). */
function lastNodeOutput(state: RunState): { output?: unknown } {
  const hasOut = new Set(state.flow.edges.map((edge) => edge.source));
  let last: { at: number; output: unknown } | undefined;
  for (const node of state.flow.nodes) {
    const record = state.nodes[node.id];
    if (hasOut.has(node.id) || record?.status !== "succeeded") continue;
    // Ties keep the later node in flow order, as the sort this replaces did.
    if (!last || (record.finishedAt ?? 0) >= last.at) last = { at: record.finishedAt ?? 0, output: record.output };
  }
  return last ? { output: last.output } : {};
}

export class RunLogs {
  /** Folded state of runs being written, to check each chunk before it is stored (W3). */
  private readonly live = new Map<string, RunState>();

  constructor(private readonly hub: TeamHub) {}

  private changedSignal: RunsChanged | undefined;
  /** Live views' "runs changed" sockets (the Dashboard): told when a run starts, ends or frees its runner slot. */
  get changes(): RunsChanged {
    return (this.changedSignal ??= new RunsChanged(this.hub.state));
  }

  /** Callers waiting for a run to end (webhooks answering with the result), woken with it. */
  private readonly waiters = new Map<string, Set<(result: RunResult) => void>>();

  start(request: Omit<NewRun, "runId">, now: number): string {
    const runId = `run_${randomId(12)}`;
    createRun(this.hub.sql, { runId, ...request }, now);
    this.hub.nodeRunners.runCreated(runId);
    this.submitSegment(runId, request.flow, 1, now, request.scheduleToStartMs);
    this.changes.changed(now);
    return runId;
  }

  private submitSegment(runId: string, flow: Flow, segment: number, now: number, scheduleToStartMs?: number): void {
    this.hub.sql.exec("UPDATE runs SET segment = ?, status = 'queued' WHERE run_id = ?", segment, runId);
    const labels = (flow.settings as { runner?: { labels?: string[] } } | undefined)?.runner?.labels ?? [];
    const job = this.hub.submit({ id: `${runId}:${segment}`, kind: "flow.run", labels, payload: { runId }, reofferBudget: 3, ...(scheduleToStartMs ? { scheduleToStartMs } : {}) }, undefined, now);
    if (job.status === "queued") this.hub.sql.exec("UPDATE runs SET waiting_for = ? WHERE run_id = ?", waitingReason(this.hub.book, job), runId);
  }

  /** What a runner gets with a `flow.run` lease: the log so far and the decisions to apply. */
  assignmentPayload({ runId }: { runId: string }): FlowRunPayload {
    const row = getRunRow(this.hub.sql, runId);
    return { runId, log: engineLog(readRunEntries(this.hub.sql, runId)), signals: row ? (JSON.parse(row.signals) as FlowRunPayload["signals"]) : {} };
  }

  /** W3: the events of a chunk must fold onto the run's log; anything else is refused whole. */
  acceptsChunk(jobId: string, events: readonly unknown[]): boolean {
    const job = this.hub.book.jobs.get(jobId);
    if (!job || job.kind !== "flow.run") return true; // stale or unknown: the lease rules answer it
    const runId = (job.payload as { runId: string }).runId;
    const state = this.live.get(runId) ?? foldRunLog(engineLog(readRunEntries(this.hub.sql, runId)));
    try {
      for (const event of events as RunEvent[]) {
        if (event.type === "run.started") throw new Error("a run has one run.started, written by the hub");
        applyEvent(state, event);
      }
      this.live.set(runId, state);
      return true;
    } catch {
      this.live.delete(runId); // partly applied: fold again from the stored log next time
      return false;
    }
  }

  onJobEvent(job: JobRecord, effect: Exclude<Effect, { kind: "send" | "close" }>, now: number): void {
    const runId = (job.payload as { runId: string }).runId;
    const sql = this.hub.sql;
    if (effect.kind === "started") {
      sql.exec("UPDATE runs SET status = 'running', waiting_for = NULL, picked_at = COALESCE(picked_at, ?) WHERE run_id = ? AND status IN ('queued', 'waiting')", now, runId);
    } else if (effect.kind === "chunk" && effect.events) {
      this.countNodeEvents(runId, effect.events as RunEvent[]);
      this.broadcast(runId, appendRunEntries(sql, runId, effect.events, effect.runnerName, "event").map((stored) => ({ ...stored, runner: effect.runnerName })));
      const finished = (effect.events as RunEvent[]).find((event) => event.type === "run.finished");
      if (finished?.type === "run.finished") this.finishRow(runId, finished.status, finished.error, finished.at);
    } else if (effect.kind === "chunk" && effect.lines) {
      // What runner nodes print (stdout, stderr) joins the run's log as notes, beside the events.
      const notes = (effect.lines as { at: number }[]).map((line) => ({ type: "log", ...line }));
      this.broadcast(runId, appendRunEntries(sql, runId, notes, effect.runnerName, "note").map((stored) => ({ ...stored, runner: effect.runnerName })));
    } else if (effect.kind === "lost") {
      const text = effect.reoffered ? `runner ${effect.runnerName} lost; the run was offered to another runner` : `runner ${effect.runnerName} lost; no more offers are left`;
      this.broadcast(runId, appendRunEntries(sql, runId, [{ type: "runner.lost", at: now, text }], null, "note").map((s) => ({ ...s, runner: null })));
    } else if (effect.kind === "finished") {
      this.onSegmentFinished(runId, job, now);
      this.changes.changed(now); // the run ended, or at least its runner slot is free again
    }
  }

  private onSegmentFinished(runId: string, job: JobRecord, now: number): void {
    const row = getRunRow(this.hub.sql, runId);
    if (!row || ["succeeded", "failed", "cancelled"].includes(row.status)) return this.close(runId);
    const outcome = job.outcome;
    if (outcome?.ok && (outcome.output as ParkedOutput | null)?.parked) {
      const waiting = (outcome.output as ParkedOutput).waiting;
      this.hub.sql.exec("UPDATE runs SET status = 'waiting', waiting_for = ? WHERE run_id = ?", `waiting for approval of ${waiting.join(", ")}`, runId);
      return this.resumeIfDecided(runId, now);
    }
    // The job ended without the engine finishing the run (runner lost for good, cancelled while queued, a crash).
    const error = outcome && !outcome.ok ? outcome.error : { code: "INTERNAL", message: "the runner ended the run without finishing it", retryable: false };
    const status = error.code === "CANCELLED" ? "cancelled" : "failed";
    const event: RunEvent = { type: "run.finished", status, error, at: now };
    this.broadcast(runId, appendRunEntries(this.hub.sql, runId, [event], null, "event").map((s) => ({ ...s, runner: null })));
    this.finishRow(runId, status, error, now);
  }

  /** Node executions, durations and retries for /metrics, from the events as they are stored: one upsert per series per chunk. */
  private countNodeEvents(runId: string, events: readonly RunEvent[]): void {
    const state = this.live.get(runId);
    if (!state) return;
    const tally = new MetricTally();
    for (const event of events) {
      if (event.type !== "node.succeeded" && event.type !== "node.failed") continue;
      const type = state.flow.nodes.find((node) => node.id === event.nodeId)?.type ?? "unknown";
      if (event.type === "node.failed" && event.retryAt !== undefined) tally.count("nexus_node_retries_total", { type });
      const status = event.type === "node.succeeded" ? "succeeded" : event.retryAt !== undefined ? "retrying" : "failed";
      tally.count("nexus_node_executions_total", { type, status });
      const started = state.nodes[event.nodeId]?.startedAt;
      if (started !== undefined) tally.observe("nexus_node_duration_seconds", { type }, Math.max(0, event.at - started) / 1000);
    }
    tally.write(this.hub.sql);
  }

  private finishRow(runId: string, status: string, error: unknown, at: number): void {
    const before = getRunRow(this.hub.sql, runId);
    if (before) {
      count(this.hub.sql, "nexus_runs_total", { flow: before.flow_id, status, trigger: before.trigger });
      observe(this.hub.sql, "nexus_run_duration_seconds", { flow: before.flow_id }, Math.max(0, at - before.started_at) / 1000);
    }
    this.hub.sql.exec("UPDATE runs SET status = ?, finished_at = ?, error = ?, waiting_for = NULL WHERE run_id = ?", status, at, error ? JSON.stringify(error) : null, runId);
    const waiting = this.waiters.get(runId);
    if (waiting) {
      // The state folded while storing the chunks answers them: no second read and fold of the log.
      const state = this.live.get(runId);
      const result = state ? { status, ...lastNodeOutput(state), ...(error ? { error } : {}) } : this.lastOutput(runId);
      for (const wake of waiting) wake(result);
      this.waiters.delete(runId);
    }
    this.live.delete(runId);
    this.close(runId);
    const row = getRunRow(this.hub.sql, runId);
    if (row?.trigger === "schedule" && row.trigger_node) startBufferedAfter(this.hub, row.flow_id, row.trigger_node, at);
    onRunFinished(this.hub, runId, at);
    this.hub.timersChanged(); // a grouped failure may have opened a window
    void this.hub.armAlarm();
  }

  /** Resolves with the run's result when it ends (its status, last output, error), undefined after `timeoutMs`. */
  whenFinished(runId: string, timeoutMs: number): Promise<RunResult | undefined> {
    const row = getRunRow(this.hub.sql, runId);
    if (row && ["succeeded", "failed", "cancelled"].includes(row.status)) return Promise.resolve(this.lastOutput(runId));
    return new Promise((resolve) => {
      const wake = (result: RunResult) => (clearTimeout(timer), resolve(result));
      const timer = setTimeout(() => (this.waiters.get(runId)?.delete(wake), resolve(undefined)), timeoutMs);
      if (!this.waiters.has(runId)) this.waiters.set(runId, new Set());
      this.waiters.get(runId)!.add(wake);
    });
  }

  /** The run's status and the output of its last node to finish among those nothing follows, read from its stored log. */
  lastOutput(runId: string): RunResult {
    const row = getRunRow(this.hub.sql, runId)!;
    const state = foldRunLog(engineLog(readRunEntries(this.hub.sql, runId)));
    return { status: row.status, ...lastNodeOutput(state), ...(row.error ? { error: JSON.parse(row.error) as unknown } : {}) };
  }

  /** H4: a decision for a waiting run starts its next segment on a runner. */
  signal(runId: string, nodeId: string, decision: ApprovalDecision, now: number): void {
    const row = getRunRow(this.hub.sql, runId)!;
    const signals = { ...(JSON.parse(row.signals) as Record<string, ApprovalDecision>), [nodeId]: decision };
    this.hub.sql.exec("UPDATE runs SET signals = ? WHERE run_id = ?", JSON.stringify(signals), runId);
    if (row.status === "waiting") this.resumeIfDecided(runId, now);
  }

  private resumeIfDecided(runId: string, now: number): void {
    const row = getRunRow(this.hub.sql, runId)!;
    const signals = JSON.parse(row.signals) as Record<string, ApprovalDecision>;
    const state = foldRunLog(engineLog(readRunEntries(this.hub.sql, runId)));
    const pending = Object.keys(signals).some((nodeId) => state.nodes[nodeId]?.status === "waiting" && !state.signals[nodeId]);
    if (pending) this.submitSegment(runId, state.flow, row.segment + 1, now);
  }

  /** H5: cancelling reaches the runner holding the run; a queued or waiting run ends at once. */
  cancel(runId: string, reason: string, now: number): void {
    const row = getRunRow(this.hub.sql, runId)!;
    const jobId = `${runId}:${row.segment}`;
    const job = this.hub.book.jobs.get(jobId);
    if (job && job.status !== "finished") return this.hub.cancel(jobId, reason, now);
    const event: RunEvent = { type: "run.finished", status: "cancelled", error: { code: "CANCELLED", message: reason, retryable: false }, at: now };
    this.broadcast(runId, appendRunEntries(this.hub.sql, runId, [event], null, "event").map((s) => ({ ...s, runner: null })));
    this.finishRow(runId, "cancelled", event.error, now);
  }

  private broadcast(runId: string, entries: readonly { seq: number; entry: unknown; runner: string | null }[]): void {
    for (const ws of this.hub.state.getWebSockets(`events:${runId}`)) for (const stored of entries) sendJson(ws, stored);
  }

  private close(runId: string): void {
    for (const ws of this.hub.state.getWebSockets(`events:${runId}`)) {
      sendJson(ws, { type: "end" });
      try {
        ws.close(1000, "the run finished");
      } catch {
        // already closed
      }
    }
  }
}
