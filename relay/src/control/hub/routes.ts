/**
 * The hub's HTTP routes and socket upgrades, behind the Worker (which checked the token's
 * signature). Each handler: authorize (revocation, role), validate, act, answer.
 */
import { Hono, type Context } from "hono";
import { labelsSchema } from "@nexus-flow/shared/protocol";
import { isRole, memberRoles, type TokenClaims } from "../auth/token-claims.ts";
import { createTokenBucket, type TokenBucket } from "../../rooms/token-bucket.ts";
import { ApiError, badRequest, conflict, errorResponse, notFound, readJsonBody, unauthorized } from "../http/api-error.ts";
import { signingSecret } from "../signing-secret.ts";
import { audit } from "./hub-store.ts";
import { claimsHeader, requireRole, tokenHeader, type Principal } from "./principal.ts";
import { authorize, mintToken, revokeToken } from "./tokens.ts";
import { runnerRoutes } from "./runner-routes.ts";
import { runRoutes } from "./run-routes.ts";
import { statsRoutes } from "./stats-routes.ts";
import { triggerRoutes } from "./trigger-routes.ts";
import { handleWebhook } from "./webhook-handler.ts";
import type { TeamHub } from "./team-hub.ts";

export type HubEnv = { Variables: { principal: Principal & { labels: string[] } } };

/** Per-token request rate (HTTP), `NEXUS_REQUESTS_PER_SECOND` (100) with bursts of 4×; sockets have their own limit (W1). */
const requestBuckets = new Map<string, TokenBucket>();

function takeRequestToken(actor: string, perSecond: number): boolean {
  let bucket = requestBuckets.get(actor);
  if (!bucket) {
    if (requestBuckets.size > 10_000) requestBuckets.clear();
    requestBuckets.set(actor, (bucket = createTokenBucket({ capacity: perSecond * 4, refillPerSecond: perSecond, now: Date.now })));
  }
  return bucket.take();
}

export function hubRoutes(hub: TeamHub) {
  const app = new Hono<HubEnv>();
  app.onError(errorResponse);
  app.post("/internal/create", (c) => createTeam(hub, c));
  app.all("/internal/hook/:hookId", (c) => handleWebhook(hub, c.req.param("hookId"), c.req.raw));
  app.use("/api/*", async (c, next) => {
    const claims = JSON.parse(c.req.header(claimsHeader) ?? "null") as TokenClaims | null;
    const token = c.req.header(tokenHeader);
    if (!claims || !token) throw unauthorized("no token");
    if (hub.teamId !== claims.tid) throw unauthorized("this token's team does not exist on this relay");
    const principal = await authorize(hub.sql, claims, token);
    const perSecond = Number(hub.bindings.NEXUS_REQUESTS_PER_SECOND) || 100;
    if (!takeRequestToken(principal.actor, perSecond)) throw new ApiError(429, "TOO_MANY_REQUESTS", `more than ${perSecond} requests a second with this token; slow down`);
    c.set("principal", principal);
    await next();
  });
  app.post("/api/tokens", (c) => createToken(hub, c));
  app.delete("/api/tokens/:tokenId", (c) => {
    requireRole(c.var.principal, "admin");
    if (!revokeToken(hub.sql, c.req.param("tokenId"), Date.now())) throw notFound(`no live token ${c.req.param("tokenId")}`);
    audit(hub.sql, c.var.principal.actor, "token.revoked", { tokenId: c.req.param("tokenId") }, Date.now());
    return c.json({ revoked: c.req.param("tokenId") });
  });
  app.route("/api/runners", runnerRoutes(hub));
  app.route("/api", triggerRoutes(hub));
  app.route("/api", runRoutes(hub));
  app.route("/api", statsRoutes(hub));
  app.get("/api/audit", (c) => {
    requireRole(c.var.principal, "admin");
    const rows = hub.sql.exec<{ at: number; actor: string; action: string; detail: string }>("SELECT at, actor, action, detail FROM audit ORDER BY id DESC LIMIT 500").toArray();
    return c.json({ entries: rows.map((row) => ({ at: new Date(row.at).toISOString(), actor: row.actor, action: row.action, detail: JSON.parse(row.detail) as unknown })) });
  });
  app.notFound((c) => c.json({ error: { code: "NOT_FOUND", message: `no route ${c.req.method} ${new URL(c.req.url).pathname}` } }, 404));
  return app;
}

async function createTeam(hub: TeamHub, c: Context) {
  const body = (await readJsonBody(c.req.raw)) as { teamId: string; name?: unknown };
  if (hub.teamId) throw conflict("this team exists already");
  const name = typeof body.name === "string" && body.name.trim() ? body.name.trim().slice(0, 100) : "My team";
  const now = Date.now();
  hub.sql.exec("INSERT INTO meta (key, value) VALUES ('teamId', ?), ('name', ?)", body.teamId, name);
  const admin = await mintToken(hub.sql, signingSecret(hub.bindings), { teamId: body.teamId, role: "admin", kind: "member", createdBy: "team.created" }, now);
  audit(hub.sql, "team.created", "team.created", { name }, now);
  return c.json({ teamId: body.teamId, name, adminToken: admin.token, tokenId: admin.tokenId, expiresAt: admin.expiresAt }, 201);
}

async function createToken(hub: TeamHub, c: Context<HubEnv>) {
  requireRole(c.var.principal, "admin");
  const body = (await readJsonBody(c.req.raw)) as { role?: unknown; labels?: unknown; ttlSeconds?: unknown };
  if (!isRole(body.role)) throw badRequest(`role must be one of ${[...memberRoles, "runner"].join(", ")}`);
  const labels = body.labels === undefined ? [] : labelsSchema.safeParse(body.labels);
  if (!Array.isArray(labels) && !labels.success) throw badRequest(`labels: ${labels.error.issues[0]!.message}`);
  const ttl = body.ttlSeconds;
  if (ttl !== undefined && (typeof ttl !== "number" || !Number.isInteger(ttl) || ttl < 60 || ttl > 366 * 86400)) throw badRequest("ttlSeconds must be a whole number from 60 to 31,622,400");
  const kind = body.role === "runner" ? "enroll" : "member";
  const minted = await mintToken(hub.sql, signingSecret(hub.bindings), { teamId: hub.teamId!, role: body.role, kind, createdBy: c.var.principal.actor, ...(ttl ? { ttlSeconds: ttl as number } : {}), labels: Array.isArray(labels) ? labels : labels.data }, Date.now());
  audit(hub.sql, c.var.principal.actor, "token.minted", { tokenId: minted.tokenId, role: body.role }, Date.now());
  return c.json(minted, 201);
}
