/**
 * The hub's alarm fires due schedules (rules S1–S5): each occurrence starts a headless run at
 * its schedule node, or is recorded as skipped with the reason; every occurrence is kept and
 * listed (`GET /api/flows/:id/occurrences`).
 */
import type { TeamHub } from "./team-hub.ts";
import { latestPublished } from "./published-flows.ts";
import { dueFirings, type CatchUp, type Overlap } from "./schedule-rules.ts";

interface ScheduleTableRow {
  flow_id: string;
  node_id: string;
  cron: string;
  timezone: string;
  overlap: string;
  catch_up: string;
  window_ms: number;
  next_at: number;
  buffered: number;
  [key: string]: SqlStorageValue;
}

const activeStatuses = "('queued', 'running', 'waiting')";

export function fireDueSchedules(hub: TeamHub, now: number): void {
  for (const row of hub.sql.exec<ScheduleTableRow>("SELECT * FROM schedules WHERE next_at <= ?", now).toArray()) {
    const active = activeRuns(hub, row.flow_id, row.node_id);
    const { firings, nextAt, buffered } = dueFirings(
      { cron: row.cron, timezone: row.timezone, overlap: row.overlap as Overlap, catchUp: row.catch_up as CatchUp, windowMs: row.window_ms, nextAt: row.next_at, buffered: row.buffered === 1 },
      now,
      active.length,
    );
    for (const firing of firings) {
      if (firing.kind === "skip") record(hub, row, firing.scheduledAt, now, "skipped", firing.reason);
      else if (firing.kind === "buffer") record(hub, row, firing.scheduledAt, now, "buffered", "waits for the running one to end");
      else {
        if (firing.cancelPrevious) for (const runId of activeRuns(hub, row.flow_id, row.node_id)) hub.runs.cancel(runId, "cancelled by the next scheduled run (overlap: cancel-previous)", now);
        startScheduled(hub, row, firing.scheduledAt, now);
      }
    }
    hub.sql.exec("UPDATE schedules SET next_at = ?, buffered = ? WHERE flow_id = ? AND node_id = ?", nextAt ?? null, buffered ? 1 : 0, row.flow_id, row.node_id);
  }
}

/** S3 buffer-one: when a scheduled run ends, the buffered occurrence starts. */
export function startBufferedAfter(hub: TeamHub, flowId: string, nodeId: string, now: number): void {
  const row = hub.sql.exec<ScheduleTableRow>("SELECT * FROM schedules WHERE flow_id = ? AND node_id = ? AND buffered = 1", flowId, nodeId).toArray()[0];
  if (!row || activeRuns(hub, flowId, nodeId).length) return;
  hub.sql.exec("UPDATE schedules SET buffered = 0 WHERE flow_id = ? AND node_id = ?", flowId, nodeId);
  startScheduled(hub, row, now, now);
}

function startScheduled(hub: TeamHub, row: ScheduleTableRow, scheduledAt: number, now: number): void {
  const published = latestPublished(hub.sql, row.flow_id);
  if (!published) return record(hub, row, scheduledAt, now, "skipped", "the flow is not published");
  const input = { scheduledAt: new Date(scheduledAt).toISOString(), firedAt: new Date(now).toISOString() };
  const runId = hub.runs.start({ flow: published.flow, version: published.version, input, startedBy: `schedule:${row.node_id}`, trigger: "schedule", triggerNode: row.node_id }, now);
  record(hub, row, scheduledAt, now, "started", null, runId);
}

function activeRuns(hub: TeamHub, flowId: string, nodeId: string): string[] {
  return hub.sql.exec<{ run_id: string }>(`SELECT run_id FROM runs WHERE flow_id = ? AND trigger = 'schedule' AND trigger_node = ? AND status IN ${activeStatuses}`, flowId, nodeId).toArray().map((r) => r.run_id);
}

function record(hub: TeamHub, row: ScheduleTableRow, scheduledAt: number, now: number, outcome: string, reason: string | null, runId: string | null = null): void {
  hub.sql.exec("INSERT INTO occurrences (flow_id, node_id, scheduled_at, handled_at, outcome, reason, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)", row.flow_id, row.node_id, scheduledAt, now, outcome, reason, runId);
}
