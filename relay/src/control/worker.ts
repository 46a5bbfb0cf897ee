/**
 * The control relay's Worker: Hono routes in front of one `TeamHub` Durable Object per team.
 * The Worker checks a token's signature and expiry, then hands the request to the team the
 * token names (URLs carry no team); the hub checks revocation and roles and does the work.
 */
import { Hono } from "hono";
import type { ControlEnv } from "./env.ts";
import { bearerToken } from "./auth/bearer.ts";
import { randomId, verifyToken } from "./auth/token-claims.ts";
import { errorResponse, forbidden, readJsonBody } from "./http/api-error.ts";
import { signingSecret } from "./signing-secret.ts";
import { claimsHeader, tokenHeader } from "./hub/principal.ts";

export { TeamHub } from "./hub/team-hub.ts";

const app = new Hono<{ Bindings: ControlEnv }>();
app.onError(errorResponse);
app.notFound((c) => c.json({ error: { code: "NOT_FOUND", message: `no route ${c.req.method} ${new URL(c.req.url).pathname}` } }, 404));

app.get("/healthz", (c) => c.json({ ok: true }));

app.post("/api/teams", async (c) => {
  const guard = c.env.NEXUS_TEAM_CREATION;
  if (!guard) throw forbidden("team creation is turned off on this relay (set NEXUS_TEAM_CREATION)");
  if (guard !== "open" && c.req.header("x-nexus-setup") !== guard) throw forbidden("creating a team needs this deployment's setup secret in the X-Nexus-Setup header");
  const body = (await readJsonBody(c.req.raw)) as { name?: unknown };
  const teamId = randomId(10);
  return hubOf(c.env, teamId).fetch("https://hub/internal/create", { method: "POST", body: JSON.stringify({ teamId, name: body.name }) });
});

app.all("/api/*", async (c) => {
  const token = bearerToken(c.req.raw);
  const claims = await verifyToken(token, signingSecret(c.env));
  const headers = new Headers(c.req.raw.headers);
  headers.set(claimsHeader, JSON.stringify(claims));
  headers.set(tokenHeader, token);
  // The body is read here, whole: a stream piped on to the hub would fail if the hub answers
  // (say 403) without reading it, and take the isolate down with it.
  const hasBody = !["GET", "HEAD"].includes(c.req.method);
  const body = hasBody ? await c.req.arrayBuffer() : undefined;
  return hubOf(c.env, claims.tid).fetch(new Request(c.req.raw.url, { method: c.req.method, headers, ...(body ? { body } : {}) }));
});

function hubOf(env: ControlEnv, teamId: string): DurableObjectStub {
  return env.TEAM_HUB.get(env.TEAM_HUB.idFromName(teamId));
}

export default app;
