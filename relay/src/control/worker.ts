/**
 * The control relay's Worker: Hono routes in front of one `TeamHub` Durable Object per team.
 * The Worker checks a token's signature and expiry, then hands the request to the team the
 * token names (URLs carry no team); the hub checks revocation and roles and does the work.
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { ControlEnv } from "./env.ts";
import { bearerToken } from "./auth/bearer.ts";
import { randomId, verifyToken } from "./auth/token-claims.ts";
import { errorResponse, forbidden, readJsonBody } from "./http/api-error.ts";
import { signingSecret } from "./signing-secret.ts";
import { claimsHeader, tokenHeader } from "./hub/principal.ts";

export { TeamHub } from "./hub/team-hub.ts";

const app = new Hono<{ Bindings: ControlEnv }>();
const maxWebhookBytes = 1024 * 1024;
app.onError(errorResponse);
app.notFound((c) => c.json({ error: { code: "NOT_FOUND", message: `no route ${c.req.method} ${new URL(c.req.url).pathname}` } }, 404));

app.get("/healthz", (c) => c.json({ ok: true }));

// The app (any origin: a static host, `npm start`, a dev server) calls the API with a bearer
// token, never a cookie, so allowing every origin grants nothing a token does not already.
const apiCors = cors({ origin: "*", allowHeaders: ["Authorization", "Content-Type"], allowMethods: ["GET", "POST", "PUT", "DELETE", "OPTIONS"], maxAge: 600 });
// WebSocket upgrades pass untouched: CORS does not apply to them, and the 101 must stay as the hub made it.
app.use("/api/*", (c, next) => (c.req.header("upgrade") ? next() : apiCors(c, next)));
app.use("/metrics", apiCors);

app.post("/api/teams", async (c) => {
  const guard = c.env.NEXUS_TEAM_CREATION;
  if (!guard) throw forbidden("team creation is turned off on this relay (set NEXUS_TEAM_CREATION)");
  if (guard !== "open" && c.req.header("x-nexus-setup") !== guard) throw forbidden("creating a team needs this deployment's setup secret in the X-Nexus-Setup header");
  const body = (await readJsonBody(c.req.raw)) as { name?: unknown };
  const teamId = randomId(10);
  return hubOf(c.env, teamId).fetch("https://hub/internal/create", { method: "POST", body: JSON.stringify({ teamId, name: body.name }) });
});

// Webhooks: the hook id names its team (`<teamId>_<random>`); the hub checks the rest.
app.all("/hooks/:hookId", async (c) => {
  const hookId = c.req.param("hookId");
  const teamId = /^([a-z2-9]+)_[a-z0-9]+$/.exec(hookId)?.[1];
  if (!teamId) return c.json({ error: { code: "NOT_FOUND", message: "no webhook answers here" } }, 404);
  const length = Number(c.req.header("content-length") ?? 0);
  const body = ["GET", "HEAD"].includes(c.req.method) ? undefined : await c.req.arrayBuffer();
  if (length > maxWebhookBytes || (body?.byteLength ?? 0) > maxWebhookBytes) return c.json({ error: { code: "TOO_LARGE", message: `webhook bodies are limited to ${maxWebhookBytes} bytes` } }, 413);
  const url = new URL(c.req.url);
  return hubOf(c.env, teamId).fetch(new Request(`https://hub/internal/hook/${hookId}${url.search}`, { method: c.req.method, headers: c.req.raw.headers, ...(body ? { body } : {}) }));
});

// Prometheus scrapes `/metrics` with a metrics (or admin) token.
app.get("/metrics", (c) => forward(c.env, c.req.raw, "/api/metrics"));

app.all("/api/*", (c) => forward(c.env, c.req.raw));

async function forward(env: ControlEnv, request: Request, path?: string): Promise<Response> {
  const token = bearerToken(request);
  const claims = await verifyToken(token, signingSecret(env));
  const headers = new Headers(request.headers);
  headers.set(claimsHeader, JSON.stringify(claims));
  headers.set(tokenHeader, token);
  // The body is read here, whole: a stream piped on to the hub would fail if the hub answers
  // (say 403) without reading it, and take the isolate down with it.
  const body = ["GET", "HEAD"].includes(request.method) ? undefined : await request.arrayBuffer();
  const url = new URL(request.url);
  if (path) url.pathname = path;
  return hubOf(env, claims.tid).fetch(new Request(url, { method: request.method, headers, ...(body ? { body } : {}) }));
}

function hubOf(env: ControlEnv, teamId: string): DurableObjectStub {
  return env.TEAM_HUB.get(env.TEAM_HUB.idFromName(teamId));
}

export default app;
