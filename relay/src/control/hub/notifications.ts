/**
 * Telling people how headless runs went (issue 12): signed JSON posted to the flow's
 * notification webhooks, and email / Slack messages handed to runners as `notify` jobs, on
 * failure (default), success or recovery, repeated failures grouped
 * into one message per flow per window with a count; and the flow's error flow started with
 * the failed run's summary (n8n's Error Trigger).
 */
import type { Flow } from "@nexus-flow/shared";
import { notifyChannelOffer } from "@nexus-flow/shared/protocol";
import { hmacSha256Hex } from "../auth/token-claims.ts";
import type { JobRecord } from "./job-book.ts";
import { latestPublished } from "./published-flows.ts";
import { getRunRow, type RunRow } from "./runs.ts";
import type { TeamHub } from "./team-hub.ts";

export const notifySchemaSql = `
CREATE TABLE IF NOT EXISTS notify_state (flow_id TEXT PRIMARY KEY, last_status TEXT, window_until INTEGER NOT NULL DEFAULT 0,
  pending INTEGER NOT NULL DEFAULT 0, pending_run TEXT);
`;

type Kind = "failure" | "success" | "recovery";

interface NotifyRow {
  last_status: string | null;
  window_until: number;
  pending: number;
  [key: string]: SqlStorageValue;
}

export function windowMs(hub: TeamHub): number {
  return Number(hub.bindings.NEXUS_NOTIFY_WINDOW_MS) || 10 * 60 * 1000;
}

/** Called once per finished headless run. */
export function onRunFinished(hub: TeamHub, runId: string, now: number): void {
  const row = getRunRow(hub.sql, runId);
  if (!row || (row.status !== "succeeded" && row.status !== "failed")) return;
  const flow = flowOf(hub, row);
  if (row.status === "failed") startErrorFlow(hub, row, flow, now);
  const state = hub.sql.exec<NotifyRow>("SELECT * FROM notify_state WHERE flow_id = ?", row.flow_id).toArray()[0];
  hub.sql.exec("INSERT INTO notify_state (flow_id, last_status) VALUES (?, ?) ON CONFLICT (flow_id) DO UPDATE SET last_status = excluded.last_status", row.flow_id, row.status);
  const notify = flow?.settings?.notify;
  if (!notify) return;
  const wanted = new Set<Kind>(notify.on ?? ["failure"]);
  if (row.status === "succeeded") {
    if (wanted.has("recovery") && state?.last_status === "failed") send(hub, flow!, row, "recovery", 1);
    else if (wanted.has("success")) send(hub, flow!, row, "success", 1);
    return;
  }
  if (!wanted.has("failure")) return;
  if (state && now < state.window_until) {
    // Grouped: counted now, told in one message when the window ends.
    hub.sql.exec("UPDATE notify_state SET pending = pending + 1, pending_run = ? WHERE flow_id = ?", runId, row.flow_id);
    return;
  }
  hub.sql.exec("UPDATE notify_state SET window_until = ?, pending = 0 WHERE flow_id = ?", now + windowMs(hub), row.flow_id);
  send(hub, flow!, row, "failure", 1);
}

/** The alarm's part: failures held back during a window are told as one message with their count. */
export function flushGroupedFailures(hub: TeamHub, now: number): void {
  for (const state of hub.sql.exec<{ flow_id: string; pending: number; pending_run: string }>("SELECT flow_id, pending, pending_run FROM notify_state WHERE pending > 0 AND window_until <= ?", now).toArray()) {
    const row = getRunRow(hub.sql, state.pending_run);
    const flow = row && flowOf(hub, row);
    hub.sql.exec("UPDATE notify_state SET pending = 0, window_until = ? WHERE flow_id = ?", now + windowMs(hub), state.flow_id);
    if (row && flow?.settings?.notify) send(hub, flow, row, "failure", state.pending);
  }
}

export function nextNotifyFlush(hub: TeamHub): number | undefined {
  return hub.sql.exec<{ at: number | null }>("SELECT MIN(window_until) AS at FROM notify_state WHERE pending > 0").one().at ?? undefined;
}

function flowOf(hub: TeamHub, row: RunRow): Flow | undefined {
  const stored = hub.sql.exec<{ flow: string }>("SELECT flow FROM flows WHERE flow_id = ? AND version = ?", row.flow_id, row.version).toArray()[0];
  return stored ? (JSON.parse(stored.flow) as Flow) : undefined;
}

/** The message: the flow, the failing node, the error, and where to look. */
export function messageOf(flow: Flow, row: RunRow, kind: Kind, count: number) {
  const error = row.error ? (JSON.parse(row.error) as { code?: string; message?: string; nodeId?: string }) : undefined;
  const text =
    kind === "failure"
      ? `Flow "${flow.name}" failed${error?.nodeId ? ` at node "${error.nodeId}"` : ""}: ${error?.message ?? "no error message"}${count > 1 ? ` (${count} failures since the last message)` : ""}`
      : kind === "recovery"
        ? `Flow "${flow.name}" succeeded again after failing`
        : `Flow "${flow.name}" succeeded`;
  return { kind, count, text, flowId: flow.id, flowName: flow.name, runId: row.run_id, status: row.status, trigger: row.trigger, ...(error ? { error } : {}), runPath: `/api/runs/${row.run_id}` };
}

function send(hub: TeamHub, flow: Flow, row: RunRow, kind: Kind, count: number): void {
  const message = messageOf(flow, row, kind, count);
  const body = JSON.stringify(message);
  for (const target of flow.settings?.notify?.webhooks ?? []) {
    hub.state.waitUntil(postSigned(hub, target, body));
  }
  // Email and Slack go through a runner holding the channel (its config has the credentials):
  // a job like any other, queued until such a runner is connected.
  for (const channel of flow.settings?.notify?.channels ?? []) {
    const id = `notify:${row.run_id}:${kind}:${count}:${channel}`;
    hub.submit({ id, kind: "notify", labels: [], connections: [notifyChannelOffer(channel)], payload: { channel, message }, reofferBudget: 3 }, undefined, Date.now());
  }
}

async function postSigned(hub: TeamHub, target: { url: string; secret?: string }, body: string): Promise<void> {
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "nexus-flow-hub" };
  if (target.secret) {
    const secret = hub.sql.exec<{ value: string }>("SELECT value FROM secrets WHERE name = ?", target.secret).toArray()[0]?.value;
    if (!secret) return console.error(`notification to ${target.url} not sent: the team secret "${target.secret}" is not set`);
    headers["x-nexus-signature-256"] = `sha256=${await hmacSha256Hex(secret, body)}`;
  }
  try {
    const response = await fetch(target.url, { method: "POST", headers, body });
    if (!response.ok) console.error(`notification to ${target.url} answered ${response.status}`);
  } catch (error) {
    console.error(`notification to ${target.url} failed: ${(error as Error).message}`);
  }
}

/** The error flow runs with the failed run's summary as input; an error flow's own failure starts nothing. */
function startErrorFlow(hub: TeamHub, row: RunRow, flow: Flow | undefined, now: number): void {
  const errorFlowId = flow?.settings?.errorFlow;
  if (!errorFlowId || row.trigger === "error") return;
  const target = latestPublished(hub.sql, errorFlowId);
  if (!target) return console.error(`error flow ${errorFlowId} of ${row.flow_id} is not published`);
  const input = { ...messageOf(flow!, row, "failure", 1), startedAt: new Date(row.started_at).toISOString() };
  hub.runs.start({ flow: target.flow, version: target.version, input: input as never, startedBy: `error-flow:${row.run_id}`, trigger: "error" }, now);
}

/** A notification job has no submitter waiting: a failed send is said in the hub's log, with the runner's words. */
export function notifyJobEvent(job: JobRecord, effect: { kind: string }): void {
  if (effect.kind !== "finished" || !job.outcome || job.outcome.ok) return;
  const { channel } = job.payload as { channel: string };
  console.error(`notification on channel "${channel}" not sent by runner ${job.runnerName ?? "?"}: ${job.outcome.error.message}`);
}
