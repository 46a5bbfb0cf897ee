/** Team secrets (write-only), webhook test URLs, schedule occurrences, flow validation. */
import { Hono } from "hono";
import { formatIssue, validateFlow } from "@nexus-flow/shared";
import { randomId } from "../auth/token-claims.ts";
import { badRequest, notFound, readJsonBody } from "../http/api-error.ts";
import { audit } from "./hub-store.ts";
import { requireRole } from "./principal.ts";
import { latestPublished } from "./published-flows.ts";
import type { HubEnv } from "./routes.ts";
import type { TeamHub } from "./team-hub.ts";

const testWindowMs = 2 * 60 * 1000;

export function triggerRoutes(hub: TeamHub) {
  const app = new Hono<HubEnv>();

  // Secrets that webhooks check against: set by admins, never shown again (names only).
  app.put("/secrets/:name", async (c) => {
    requireRole(c.var.principal, "admin");
    const name = c.req.param("name");
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw badRequest("a secret's name: 1–64 letters, digits, '_', '.' or '-'");
    const { value } = (await readJsonBody(c.req.raw)) as { value?: unknown };
    if (typeof value !== "string" || value.length < 8 || value.length > 4096) throw badRequest("value: a string of 8 to 4,096 characters");
    hub.sql.exec("INSERT INTO secrets (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at", name, value, Date.now());
    audit(hub.sql, c.var.principal.actor, "secret.set", { name }, Date.now());
    return c.json({ name });
  });
  app.get("/secrets", (c) => {
    requireRole(c.var.principal, "admin");
    return c.json({ secrets: hub.sql.exec<{ name: string; updated_at: number }>("SELECT name, updated_at FROM secrets ORDER BY name").toArray().map((row) => ({ name: row.name, updatedAt: new Date(row.updated_at).toISOString() })) });
  });

  // "Listen for test event": the next request to the returned URL becomes the node's sample data.
  app.post("/flows/:flowId/test-webhooks/:nodeId", (c) => {
    requireRole(c.var.principal, "editor");
    const testId = `${hub.teamId}_t${randomId(16)}`;
    const expiresAt = Date.now() + testWindowMs;
    hub.sql.exec("INSERT INTO test_hooks (test_id, flow_id, node_id, expires_at) VALUES (?, ?, ?, ?)", testId, c.req.param("flowId"), c.req.param("nodeId"), expiresAt);
    return c.json({ testId, url: `${new URL(c.req.url).origin}/hooks/${testId}`, expiresAt: new Date(expiresAt).toISOString() }, 201);
  });
  app.get("/test-webhooks/:testId", (c) => {
    requireRole(c.var.principal, "editor");
    const row = hub.sql.exec<{ captured: string | null; expires_at: number }>("SELECT captured, expires_at FROM test_hooks WHERE test_id = ?", c.req.param("testId")).toArray()[0];
    if (!row) throw notFound("no such test URL");
    return c.json({ captured: row.captured ? (JSON.parse(row.captured) as unknown) : null, expiresAt: new Date(row.expires_at).toISOString(), expired: row.expires_at < Date.now() });
  });

  // The inspector shows each webhook's production URL: stable across versions, live while published.
  app.get("/flows/:flowId/webhooks", (c) => {
    requireRole(c.var.principal, "viewer");
    const origin = new URL(c.req.url).origin;
    const rows = hub.sql.exec<{ hook_id: string; node_id: string; active: number }>("SELECT hook_id, node_id, active FROM hooks WHERE flow_id = ? ORDER BY node_id", c.req.param("flowId")).toArray();
    return c.json({ webhooks: rows.map((row) => ({ nodeId: row.node_id, url: `${origin}/hooks/${row.hook_id}`, active: row.active === 1 })) });
  });

  app.get("/flows/:flowId/occurrences", (c) => {
    requireRole(c.var.principal, "viewer");
    const rows = hub.sql.exec<{ node_id: string; scheduled_at: number; handled_at: number; outcome: string; reason: string | null; run_id: string | null }>(
      "SELECT node_id, scheduled_at, handled_at, outcome, reason, run_id FROM occurrences WHERE flow_id = ? ORDER BY id DESC LIMIT 200", c.req.param("flowId"),
    ).toArray();
    const schedules = hub.sql.exec<{ node_id: string; next_at: number | null }>("SELECT node_id, next_at FROM schedules WHERE flow_id = ?", c.req.param("flowId")).toArray();
    return c.json({
      next: schedules.map((row) => ({ nodeId: row.node_id, nextAt: row.next_at ? new Date(row.next_at).toISOString() : null })),
      occurrences: rows.map((row) => ({ nodeId: row.node_id, scheduledAt: new Date(row.scheduled_at).toISOString(), handledAt: new Date(row.handled_at).toISOString(), outcome: row.outcome, ...(row.reason ? { reason: row.reason } : {}), ...(row.run_id ? { runId: row.run_id } : {}) })),
    });
  });

  // The seed designs' DAG validation endpoint: the same issues, with paths, as `nexus validate`.
  app.post("/flows/validate", async (c) => {
    requireRole(c.var.principal, "viewer");
    const checked = validateFlow(await readJsonBody(c.req.raw, 10_000_000));
    return c.json(checked.ok ? { valid: true, issues: [] } : { valid: false, issues: checked.issues.map((issue) => ({ ...issue, text: formatIssue(issue) })) });
  });

  app.get("/flows", (c) => {
    requireRole(c.var.principal, "viewer");
    const ids = hub.sql.exec<{ flow_id: string }>("SELECT DISTINCT flow_id FROM flows WHERE unpublished_at IS NULL ORDER BY flow_id").toArray();
    return c.json({ flows: ids.map(({ flow_id }) => latestPublished(hub.sql, flow_id)).filter((p) => p !== undefined).map((p) => ({ flowId: p.flow.id, name: p.flow.name, version: p.version, publishedAt: new Date(p.publishedAt).toISOString() })) });
  });

  return app;
}
