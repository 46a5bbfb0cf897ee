/**
 * The control relay's routes the app calls (README, "Runners and the control relay"), with
 * the team's member token. Errors come back as data with the hub's words, never thrown: a
 * refused call (a viewer publishing, an expired token, the relay offline) is shown, not lost.
 */
import type { TeamConnection } from "./team-connection.ts";

export type TeamResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly status: number; readonly message: string };

export interface RunnerInfo {
  readonly id: string;
  readonly name: string;
  readonly labels: readonly string[];
  readonly slots: number;
  readonly running: number;
  readonly connected: boolean;
  readonly version: string;
  readonly connections: readonly string[];
  readonly lastSeenAt: string;
}

export interface TeamRunSummary {
  readonly runId: string;
  readonly flowId: string;
  readonly status: string;
  readonly trigger?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** Every runner that worked on the run. */
  readonly runners?: readonly string[];
  readonly [key: string]: unknown;
}

/**
 * One call: `path` on the team's relay with its token; JSON in, JSON out.
 * @example const runners = await teamCall<{ runners: RunnerInfo[] }>(team, "GET", "/api/runners");
 */
export async function teamCall<T>(team: TeamConnection, method: string, path: string, body?: unknown): Promise<TeamResult<T>> {
  let response: Response;
  try {
    response = await fetch(new URL(path, team.relayUrl), {
      method,
      headers: { authorization: `Bearer ${team.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    return { ok: false, status: 0, message: `The team's relay (${team.relayUrl}) cannot be reached: offline, or it is not running.` };
  }
  const data = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  if (!response.ok) return { ok: false, status: response.status, message: data?.error?.message ?? `The relay answered ${response.status}.` };
  return { ok: true, value: data as T };
}

export interface AuditEntry {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly detail: unknown;
}

export const readAudit = (team: TeamConnection) => teamCall<{ entries: AuditEntry[] }>(team, "GET", "/api/audit");
export const listRunners = (team: TeamConnection) => teamCall<{ runners: RunnerInfo[] }>(team, "GET", "/api/runners");
export const revokeRunner = (team: TeamConnection, id: string) => teamCall<{ revoked: string }>(team, "DELETE", `/api/runners/${encodeURIComponent(id)}`);
export const mintEnrollment = (team: TeamConnection) => teamCall<{ token: string; expiresAt: string }>(team, "POST", "/api/tokens", { role: "runner" });
export const publishToTeam = (team: TeamConnection, flow: { id: string }) => teamCall<{ version: number }>(team, "PUT", `/api/flows/${encodeURIComponent(flow.id)}`, flow);
/** Filters of the Team runs view; an empty value means any. */
export interface TeamRunFilters {
  readonly status?: string;
  readonly trigger?: string;
  readonly runner?: string;
}

export function listTeamRuns(team: TeamConnection, flowId: string, filters: TeamRunFilters = {}) {
  const query = new URLSearchParams({ flowId, limit: "50" });
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
  return teamCall<{ runs: TeamRunSummary[] }>(team, "GET", `/api/runs?${query}`);
}
export const getTeamRun = (team: TeamConnection, runId: string) => teamCall<Record<string, unknown>>(team, "GET", `/api/runs/${encodeURIComponent(runId)}`);

/** The one command an admin copies to attach a runner with a fresh enrollment token. */
export function runnerCommand(team: TeamConnection, enrollmentToken: string): string {
  return `npx nexus runner --relay ${team.relayUrl} --token ${enrollmentToken}`;
}

export interface WebhookInfo {
  readonly nodeId: string;
  readonly url: string;
  /** False once the flow is unpublished (the URL answers 404 until it is published again). */
  readonly active: boolean;
}

export interface TestCapture {
  readonly captured: { method: string; headers: Record<string, string>; query: Record<string, string>; body: unknown } | null;
  readonly expiresAt: string;
  readonly expired: boolean;
}

export const listWebhooks = (team: TeamConnection, flowId: string) => teamCall<{ webhooks: WebhookInfo[] }>(team, "GET", `/api/flows/${encodeURIComponent(flowId)}/webhooks`);
export const armTestWebhook = (team: TeamConnection, flowId: string, nodeId: string) =>
  teamCall<{ testId: string; url: string; expiresAt: string }>(team, "POST", `/api/flows/${encodeURIComponent(flowId)}/test-webhooks/${encodeURIComponent(nodeId)}`);
export const readTestWebhook = (team: TeamConnection, testId: string) => teamCall<TestCapture>(team, "GET", `/api/test-webhooks/${encodeURIComponent(testId)}`);
