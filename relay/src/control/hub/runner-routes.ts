/** Runners: enrollment (rule T3), the live list, revocation, and the socket they attach to. */
import { Hono } from "hono";
import { labelsSchema } from "@nexus-flow/shared/protocol";
import { randomId } from "../auth/token-claims.ts";
import { badRequest, forbidden, notFound, readJsonBody } from "../http/api-error.ts";
import { signingSecret } from "../signing-secret.ts";
import { audit, parseList } from "./hub-store.ts";
import { revokeRunner } from "./lease-rules.ts";
import { requireRole } from "./principal.ts";
import type { HubEnv } from "./routes.ts";
import type { TeamHub } from "./team-hub.ts";
import { markEnrollmentUsed, mintToken, revokeRunnerTokens } from "./tokens.ts";

export function runnerRoutes(hub: TeamHub) {
  const app = new Hono<HubEnv>();

  app.post("/enroll", async (c) => {
    const { claims } = c.var.principal;
    if (claims.kind !== "enroll") throw forbidden("enrolling a runner needs an enrollment token (`nexus token create --role runner`)");
    const body = (await readJsonBody(c.req.raw)) as { name?: unknown; labels?: unknown };
    const name = typeof body.name === "string" && /^[\w.@-]{1,100}$/.test(body.name) ? body.name : undefined;
    if (!name) throw badRequest("name: 1–100 letters, digits, '.', '_', '@' or '-'");
    const labels = labelsSchema.safeParse(body.labels ?? []);
    if (!labels.success) throw badRequest(`labels: ${labels.error.issues[0]!.message}`);
    const now = Date.now();
    if (!markEnrollmentUsed(hub.sql, claims.jti, name, now)) throw forbidden("this enrollment token was already used");
    const runnerId = `rn_${randomId(10)}`;
    const allLabels = [...new Set([...labels.data, ...c.var.principal.labels])];
    hub.sql.exec("INSERT INTO runners (id, name, labels, slots, connections, version, created_at, last_seen_at) VALUES (?, ?, ?, 1, '[]', '', ?, ?)", runnerId, name, JSON.stringify(allLabels), now, now);
    const credential = await mintToken(hub.sql, signingSecret(hub.bindings), { teamId: hub.teamId!, role: "runner", kind: "runner", runnerId, labels: allLabels, createdBy: c.var.principal.actor }, now);
    audit(hub.sql, `runner:${runnerId}`, "runner.attached", { runnerId, name, labels: allLabels }, now);
    return c.json({ runnerId, name, labels: allLabels, token: credential.token, expiresAt: credential.expiresAt }, 201);
  });

  app.get("/", (c) => {
    requireRole(c.var.principal, "viewer");
    const rows = hub.sql.exec<{ id: string; name: string; labels: string; slots: number; connections: string; version: string; last_seen_at: number }>("SELECT * FROM runners WHERE revoked_at IS NULL ORDER BY name").toArray();
    const runners = rows.map((row) => {
      const live = hub.book.runners.get(row.id);
      return {
        id: row.id,
        name: row.name,
        labels: parseList(row.labels),
        slots: row.slots,
        running: live?.held.size ?? 0,
        connected: live?.connected ?? false,
        version: row.version,
        connections: parseList(row.connections),
        lastSeenAt: new Date(live?.lastSeenAt ?? row.last_seen_at).toISOString(),
      };
    });
    return c.json({ runners });
  });

  app.delete("/:id", (c) => {
    requireRole(c.var.principal, "admin");
    const id = c.req.param("id");
    const now = Date.now();
    if (hub.sql.exec("UPDATE runners SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", now, id).rowsWritten === 0) throw notFound(`no runner ${id}`);
    revokeRunnerTokens(hub.sql, id, now);
    hub.apply(revokeRunner(hub.book, id, now), now);
    audit(hub.sql, c.var.principal.actor, "runner.revoked", { runnerId: id }, now);
    return c.json({ revoked: id });
  });

  app.get("/connect", (c) => {
    const { claims } = c.var.principal;
    if (claims.kind !== "runner" || !claims.sub) throw forbidden("only a runner's own credential attaches a runner; enroll first with `nexus runner --token <enrollment token>`");
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") throw badRequest("this route takes a WebSocket upgrade");
    const row = hub.sql.exec<{ labels: string }>("SELECT labels FROM runners WHERE id = ? AND revoked_at IS NULL", claims.sub).toArray()[0];
    if (!row) throw forbidden("this runner was revoked");
    // One socket per runner: a reconnect replaces the old one (L5).
    for (const old of hub.state.getWebSockets(`runner:${claims.sub}`)) old.close(4409, "replaced by a new connection of the same runner");
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    hub.state.acceptWebSocket(server, [`runner:${claims.sub}`]);
    server.serializeAttachment({ kind: "runner", runnerId: claims.sub, labels: parseList(row.labels) });
    return new Response(null, { status: 101, webSocket: client });
  });

  return app;
}
