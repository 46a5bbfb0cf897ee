/** Published flows, headless runs and their events, and the submitters' job socket. */
import { Hono } from "hono";
import { formatIssue, validateFlow, type Flow, type JsonValue } from "@nexus-flow/shared";
import { randomId } from "../auth/token-claims.ts";
import { ApiError, badRequest, conflict, notFound, readJsonBody } from "../http/api-error.ts";
import { audit } from "./hub-store.ts";
import { registerTriggers, scheduleIssues, unregisterTriggers } from "./triggers.ts";
import { requireRole } from "./principal.ts";
import type { HubEnv } from "./routes.ts";
import { delegatedRunners, getRunRow, readRunEntries, runnersOfRun, runView, summaryView, type RunRow } from "./runs.ts";
import { sendJson } from "./sockets.ts";
import type { TeamHub } from "./team-hub.ts";

const finished = new Set(["succeeded", "failed", "cancelled"]);

export function runRoutes(hub: TeamHub) {
  const app = new Hono<HubEnv>();

  app.put("/flows/:flowId", async (c) => {
    requireRole(c.var.principal, "editor");
    const checked = validateFlow(await readJsonBody(c.req.raw, 10_000_000));
    if (!checked.ok) return c.json({ error: { code: "INVALID_FLOW", message: `the flow is invalid: ${checked.issues.map(formatIssue).join("; ")}`, issues: checked.issues } }, 422);
    if (checked.flow.id !== c.req.param("flowId")) throw badRequest(`the flow's id is "${checked.flow.id}" but the URL names "${c.req.param("flowId")}"`);
    const calendar = scheduleIssues(checked.flow);
    if (calendar.length) return c.json({ error: { code: "INVALID_FLOW", message: `the flow is invalid: ${calendar.map(formatIssue).join("; ")}`, issues: calendar } }, 422);
    const version = hub.sql.exec<{ v: number }>("SELECT COALESCE(MAX(version), 0) + 1 AS v FROM flows WHERE flow_id = ?", checked.flow.id).one().v;
    const now = Date.now();
    hub.sql.exec("INSERT INTO flows (flow_id, version, flow, published_at, published_by) VALUES (?, ?, ?, ?, ?)", checked.flow.id, version, JSON.stringify(checked.flow), now, c.var.principal.actor);
    hub.sql.exec("UPDATE flows SET unpublished_at = NULL WHERE flow_id = ?", checked.flow.id);
    const hooks = registerTriggers(hub.sql, hub.teamId!, checked.flow, now);
    hub.timersChanged();
    void hub.armAlarm();
    audit(hub.sql, c.var.principal.actor, "flow.published", { flowId: checked.flow.id, version }, now);
    const origin = new URL(c.req.url).origin;
    return c.json({ flowId: checked.flow.id, version, webhooks: hooks.map((hook) => ({ nodeId: hook.nodeId, url: `${origin}/hooks/${hook.hookId}` })) }, 201);
  });

  app.delete("/flows/:flowId", (c) => {
    requireRole(c.var.principal, "editor");
    const flowId = c.req.param("flowId");
    if (hub.sql.exec("UPDATE flows SET unpublished_at = ? WHERE flow_id = ? AND unpublished_at IS NULL", Date.now(), flowId).rowsWritten === 0) throw notFound(`flow ${flowId} is not published`);
    unregisterTriggers(hub.sql, flowId);
    hub.timersChanged();
    audit(hub.sql, c.var.principal.actor, "flow.unpublished", { flowId }, Date.now());
    return c.json({ flowId, unpublished: true });
  });

  app.get("/flows/:flowId", (c) => {
    requireRole(c.var.principal, "viewer");
    const published = publishedFlow(hub, c.req.param("flowId"), c.req.query("version"));
    return c.json({ flowId: published.flow.id, version: published.version, publishedAt: new Date(published.publishedAt).toISOString(), flow: published.flow });
  });

  app.post("/flows/:flowId/runs", async (c) => {
    requireRole(c.var.principal, "editor");
    const body = (await readJsonBody(c.req.raw)) as { input?: JsonValue; version?: unknown; scheduleToStartMs?: unknown };
    const startWithin = body.scheduleToStartMs;
    if (startWithin !== undefined && !(Number.isInteger(startWithin) && (startWithin as number) > 0)) throw badRequest("scheduleToStartMs must be a whole number of milliseconds above 0");
    const published = publishedFlow(hub, c.req.param("flowId"), body.version === undefined ? undefined : String(body.version));
    const now = Date.now();
    const runId = hub.runs.start({ flow: published.flow, version: published.version, input: body.input ?? null, startedBy: c.var.principal.actor, trigger: "api", ...(startWithin ? { scheduleToStartMs: startWithin as number } : {}) }, now);
    audit(hub.sql, c.var.principal.actor, "run.started", { runId, flowId: published.flow.id, version: published.version }, now);
    return c.json({ runId }, 202);
  });

  app.get("/runs", (c) => {
    requireRole(c.var.principal, "viewer");
    const { flowId, status, before, trigger, runner } = c.req.query();
    const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 50) || 50, 1), 500);
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (flowId) where.push("flow_id = ?"), args.push(flowId);
    if (status) where.push("status = ?"), args.push(status);
    if (trigger) where.push("trigger = ?"), args.push(trigger);
    // A run's runners: whoever streamed its events, and whoever ran nodes handed over through the hub.
    if (runner) where.push("(run_id IN (SELECT run_id FROM run_events WHERE runner = ?) OR run_id IN (SELECT run_id FROM node_runners WHERE runner = ?))"), args.push(runner, runner);
    if (before) where.push("started_at < ?"), args.push(Date.parse(before) || Number(before));
    const rows = hub.sql.exec<RunRow>(`SELECT * FROM runs ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY started_at DESC, run_id DESC LIMIT ?`, ...args, limit).toArray();
    return c.json({ runs: rows.map((row) => ({ ...summaryView(row), runners: runnersOfRun(hub.sql, row.run_id) })) });
  });

  app.get("/runs/:runId", (c) => {
    requireRole(c.var.principal, "viewer");
    const row = runRow(hub, c.req.param("runId"));
    return c.json(runView(row, readRunEntries(hub.sql, row.run_id), delegatedRunners(hub.sql, row.run_id)));
  });

  app.post("/runs/:runId/cancel", (c) => {
    requireRole(c.var.principal, "editor");
    const row = runRow(hub, c.req.param("runId"));
    if (finished.has(row.status)) throw conflict(`run ${row.run_id} has already ${row.status}`);
    const now = Date.now();
    hub.runs.cancel(row.run_id, `cancelled by ${c.var.principal.actor}`, now);
    audit(hub.sql, c.var.principal.actor, "run.cancelled", { runId: row.run_id }, now);
    return c.json({ runId: row.run_id, status: "cancelling" }, 202);
  });

  app.post("/runs/:runId/signals", async (c) => {
    requireRole(c.var.principal, "editor");
    const row = runRow(hub, c.req.param("runId"));
    const body = (await readJsonBody(c.req.raw)) as { nodeId?: unknown; decision?: unknown; comment?: unknown };
    if (typeof body.nodeId !== "string") throw badRequest("nodeId: the approval node's id");
    if (body.decision !== "approve" && body.decision !== "reject") throw badRequest('decision: "approve" or "reject"');
    const flow = readFlowOf(hub, row);
    if (flow.nodes.find((node) => node.id === body.nodeId)?.type !== "approval") throw new ApiError(422, "NOT_AN_APPROVAL", `node "${body.nodeId}" is not an approval node of this run`);
    if (finished.has(row.status)) throw conflict(`run ${row.run_id} has already ${row.status}`);
    hub.runs.signal(row.run_id, body.nodeId, { approved: body.decision === "approve", by: c.var.principal.actor, ...(typeof body.comment === "string" ? { comment: body.comment.slice(0, 1000) } : {}) }, Date.now());
    return c.json({ runId: row.run_id, nodeId: body.nodeId, decision: body.decision }, 202);
  });

  app.get("/runs/:runId/events", (c) => {
    requireRole(c.var.principal, "viewer");
    const row = runRow(hub, c.req.param("runId"));
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") throw badRequest("this route takes a WebSocket upgrade");
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    hub.state.acceptWebSocket(server, [`events:${row.run_id}`]);
    server.serializeAttachment({ kind: "events", runId: row.run_id });
    for (const stored of readRunEntries(hub.sql, row.run_id)) sendJson(server, stored);
    if (finished.has(row.status)) {
      sendJson(server, { type: "end" });
      server.close(1000, "the run finished");
    }
    return new Response(null, { status: 101, webSocket: client });
  });

  app.get("/jobs/connect", (c) => {
    // Editors' browser runs submit here, and runners whose headless runs have nodes for others.
    if (c.var.principal.claims.kind !== "runner") requireRole(c.var.principal, "editor");
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") throw badRequest("this route takes a WebSocket upgrade");
    const session = randomId(10);
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    hub.state.acceptWebSocket(server, [`client:${session}`]);
    // W5: `?batch=1` asks for the notices of one decision as one frame (a JSON array).
    server.serializeAttachment({ kind: "client", session, ...(c.req.query("batch") === "1" ? { batch: true } : {}) });
    return new Response(null, { status: 101, webSocket: client });
  });

  return app;
}

function runRow(hub: TeamHub, runId: string): RunRow {
  const row = getRunRow(hub.sql, runId);
  if (!row) throw notFound(`no run ${runId} in this team`);
  return row;
}

function publishedFlow(hub: TeamHub, flowId: string, version: string | undefined): { flow: Flow; version: number; publishedAt: number } {
  if (version !== undefined && !/^\d+$/.test(version)) throw badRequest("version must be a whole number");
  const row = version === undefined
    ? hub.sql.exec<{ flow: string; version: number; published_at: number }>("SELECT flow, version, published_at FROM flows WHERE flow_id = ? AND unpublished_at IS NULL ORDER BY version DESC LIMIT 1", flowId).toArray()[0]
    : hub.sql.exec<{ flow: string; version: number; published_at: number }>("SELECT flow, version, published_at FROM flows WHERE flow_id = ? AND version = ?", flowId, Number(version)).toArray()[0];
  if (!row) throw notFound(version === undefined ? `flow ${flowId} has no published version: publish it first (\`nexus publish\`)` : `flow ${flowId} has no version ${version}`);
  return { flow: JSON.parse(row.flow) as Flow, version: row.version, publishedAt: row.published_at };
}

function readFlowOf(hub: TeamHub, row: RunRow): Flow {
  return publishedFlow(hub, row.flow_id, String(row.version)).flow;
}
