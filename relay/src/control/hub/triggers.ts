/**
 * Webhook and schedule triggers of published flows (issue 12). Publishing a version registers
 * its triggers: each webhook node keeps one random URL across versions, each schedule node a
 * row whose next fire time the hub's alarm honours. Unpublishing turns both off.
 */
import type { Flow, FlowIssue } from "@nexus-flow/shared";
import { cronOf } from "./schedule-rules.ts";
import { randomId } from "../auth/token-claims.ts";
import { nextOccurrence, type CatchUp, type Overlap } from "./schedule-rules.ts";

export const triggerSchema = `
CREATE TABLE IF NOT EXISTS hooks (hook_id TEXT PRIMARY KEY, flow_id TEXT NOT NULL, node_id TEXT NOT NULL, active INTEGER NOT NULL, UNIQUE (flow_id, node_id));
CREATE TABLE IF NOT EXISTS schedules (flow_id TEXT NOT NULL, node_id TEXT NOT NULL, cron TEXT NOT NULL, timezone TEXT NOT NULL, overlap TEXT NOT NULL,
  catch_up TEXT NOT NULL, window_ms INTEGER NOT NULL, next_at INTEGER, buffered INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (flow_id, node_id));
CREATE TABLE IF NOT EXISTS occurrences (id INTEGER PRIMARY KEY AUTOINCREMENT, flow_id TEXT NOT NULL, node_id TEXT NOT NULL, scheduled_at INTEGER NOT NULL,
  handled_at INTEGER NOT NULL, outcome TEXT NOT NULL, reason TEXT, run_id TEXT);
CREATE INDEX IF NOT EXISTS occurrences_by_flow ON occurrences (flow_id, id DESC);
CREATE TABLE IF NOT EXISTS secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL);
`;

export interface HookView {
  readonly nodeId: string;
  readonly hookId: string;
}

/** Registers the triggers of a newly published version; returns its webhooks. */
export function registerTriggers(sql: SqlStorage, teamId: string, flow: Flow, now: number): HookView[] {
  sql.exec("UPDATE hooks SET active = 0 WHERE flow_id = ?", flow.id);
  const hooks: HookView[] = [];
  const scheduled = new Set<string>();
  for (const node of flow.nodes) {
    if (node.type === "trigger.webhook") {
      const existing = sql.exec<{ hook_id: string }>("SELECT hook_id FROM hooks WHERE flow_id = ? AND node_id = ?", flow.id, node.id).toArray()[0];
      const hookId = existing?.hook_id ?? `${teamId}_${randomId(16)}`;
      sql.exec("INSERT INTO hooks (hook_id, flow_id, node_id, active) VALUES (?, ?, ?, 1) ON CONFLICT (hook_id) DO UPDATE SET active = 1", hookId, flow.id, node.id);
      hooks.push({ nodeId: node.id, hookId });
    }
    if (node.type === "trigger.schedule") {
      scheduled.add(node.id);
      upsertSchedule(sql, flow.id, node.id, node.config, now);
    }
  }
  for (const row of sql.exec<{ node_id: string }>("SELECT node_id FROM schedules WHERE flow_id = ?", flow.id).toArray()) {
    if (!scheduled.has(row.node_id)) sql.exec("DELETE FROM schedules WHERE flow_id = ? AND node_id = ?", flow.id, row.node_id);
  }
  return hooks;
}

function upsertSchedule(sql: SqlStorage, flowId: string, nodeId: string, config: { cron: string; timezone?: string; overlap?: Overlap; catchUp?: CatchUp; catchUpWindowMs?: number }, now: number): void {
  const timezone = config.timezone ?? "UTC";
  const current = sql.exec<{ cron: string; timezone: string; next_at: number | null }>("SELECT cron, timezone, next_at FROM schedules WHERE flow_id = ? AND node_id = ?", flowId, nodeId).toArray()[0];
  // A schedule whose calendar did not change keeps its place (and so what it missed, for catch-up).
  const keep = current && current.cron === config.cron && current.timezone === timezone && current.next_at !== null;
  const nextAt = keep ? current.next_at : (nextOccurrence({ cron: config.cron, timezone }, now) ?? null);
  sql.exec(
    `INSERT INTO schedules (flow_id, node_id, cron, timezone, overlap, catch_up, window_ms, next_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (flow_id, node_id) DO UPDATE SET cron = excluded.cron, timezone = excluded.timezone, overlap = excluded.overlap,
     catch_up = excluded.catch_up, window_ms = excluded.window_ms, next_at = excluded.next_at`,
    flowId, nodeId, config.cron, timezone, config.overlap ?? "skip", config.catchUp ?? "none", config.catchUpWindowMs ?? 3_600_000, nextAt,
  );
}

/** Unpublishing: the flow's webhooks answer 404 and its schedules stop. */
export function unregisterTriggers(sql: SqlStorage, flowId: string): void {
  sql.exec("UPDATE hooks SET active = 0 WHERE flow_id = ?", flowId);
  sql.exec("DELETE FROM schedules WHERE flow_id = ?", flowId);
}

export function earliestSchedule(sql: SqlStorage): number | undefined {
  return sql.exec<{ at: number | null }>("SELECT MIN(next_at) AS at FROM schedules").one().at ?? undefined;
}

/** What croner refuses among the schedules' calendars, with the path (the flow schema checks only their shape). */
export function scheduleIssues(flow: Flow): FlowIssue[] {
  return flow.nodes.flatMap((node, index) => {
    if (node.type !== "trigger.schedule") return [];
    try {
      cronOf({ cron: node.config.cron, timezone: node.config.timezone ?? "UTC" });
      return [];
    } catch (error) {
      return [{ path: `nodes[${index}].config.cron`, message: `croner refuses this expression: ${(error as Error).message}` }];
    }
  });
}
