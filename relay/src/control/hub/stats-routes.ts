/** `GET /api/stats` (a flow's runs in figures) and `GET /api/metrics` (Prometheus text, served as /metrics). */
import { Hono } from "hono";
import { badRequest, forbidden } from "../http/api-error.ts";
import { prometheusText } from "./metrics.ts";
import { statsBreakdown } from "./stats-breakdown.ts";
import { requireRole } from "./principal.ts";
import type { HubEnv } from "./routes.ts";
import type { TeamHub } from "./team-hub.ts";

export function statsRoutes(hub: TeamHub) {
  const app = new Hono<HubEnv>();

  app.get("/metrics", (c) => {
    if (c.var.principal.claims.role !== "metrics") requireRole(c.var.principal, "admin");
    return c.text(prometheusText(hub), 200, { "content-type": "text/plain; version=0.0.4" });
  });

  // A WebSocket told when runs start or end (runs-changed.ts): the Dashboard refetches /stats then.
  app.get("/stats/live", (c) => {
    requireRole(c.var.principal, "viewer");
    if (c.var.principal.claims.role === "metrics") throw forbidden("a metrics token reads /metrics only");
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") throw badRequest("this route takes a WebSocket upgrade");
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    hub.runs.changes.accept(server);
    return new Response(null, { status: 101, webSocket: client });
  });

  app.get("/stats", (c) => {
    requireRole(c.var.principal, "viewer");
    if (c.var.principal.claims.role === "metrics") throw forbidden("a metrics token reads /metrics only");
    const flowId = c.req.query("flowId");
    const since = c.req.query("since") ? Date.parse(c.req.query("since")!) || Number(c.req.query("since")) : 0;
    const where = `started_at >= ?${flowId ? " AND flow_id = ?" : ""}`;
    const args = flowId ? [since, flowId] : [since];
    const runs = hub.sql.exec<{ run_id: string; status: string; started_at: number; finished_at: number | null; picked_at: number | null }>(`SELECT run_id, status, started_at, finished_at, picked_at FROM runs WHERE ${where}`, ...args).toArray();
    const byStatus: Record<string, number> = {};
    for (const run of runs) byStatus[run.status] = (byStatus[run.status] ?? 0) + 1;
    const finished = runs.filter((run) => run.finished_at !== null && run.status !== "cancelled");
    const durations = finished.map((run) => run.finished_at! - run.started_at);
    const waits = runs.filter((run) => run.picked_at !== null).map((run) => run.picked_at! - run.started_at);
    const failures = hub.sql.exec<{ node: string; retried: number; n: number }>(
      `SELECT json_extract(event, '$.nodeId') AS node, json_extract(event, '$.retryAt') IS NOT NULL AS retried, COUNT(*) AS n FROM run_events
       WHERE run_id IN (SELECT run_id FROM runs WHERE ${where}) AND json_extract(event, '$.type') = 'node.failed' GROUP BY node, retried`, ...args,
    ).toArray();
    const nodes: Record<string, { failures: number; retries: number }> = Object.create(null);
    for (const row of failures) {
      const entry = (nodes[row.node] ??= { failures: 0, retries: 0 });
      if (row.retried) entry.retries += row.n;
      else entry.failures += row.n;
    }
    return c.json({
      flowId: flowId ?? null,
      since: new Date(since).toISOString(),
      runs: { total: runs.length, byStatus },
      successRate: finished.length ? (byStatus.succeeded ?? 0) / finished.length : null,
      durationMs: percentiles(durations),
      queueWaitMs: percentiles(waits),
      nodes,
      ...statsBreakdown(hub, where, args, Number(c.req.query("bucketMs")) || 60_000, Date.now()),
    });
  });

  return app;
}

/** p50/p95/p99 by nearest rank. */
export function percentiles(values: number[]): { p50: number | null; p95: number | null; p99: number | null } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : null);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
