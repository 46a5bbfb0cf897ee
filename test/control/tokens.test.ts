/**
 * Tokens and roles through the real Worker (PROTOCOL.md T1–T5): every refusal says which rule
 * it broke, and a refused call changes nothing.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { call, createTeam, forgeToken, type TestTeam } from "./support/control-api.ts";
import { readFileSync } from "node:fs";
import { repoRoot } from "./support/wrangler-dev.ts";

const relay = inject("controlUrl");
const hello = JSON.parse(readFileSync(`${repoRoot}runner/examples/hello.json`, "utf8"));

describe("tokens and roles", () => {
  let team: TestTeam;
  beforeAll(async () => {
    team = await createTeam(relay);
    expect((await call(relay, team.adminToken, "PUT", "/api/flows/hello", hello)).status).toBe(201);
  });

  it("T1: creating a team shows its admin token once; the relay keeps no copy it could show again", async () => {
    expect(team.adminToken.split(".")).toHaveLength(3);
    const audit = await call(relay, team.adminToken, "GET", "/api/audit");
    expect(JSON.stringify(audit.body)).not.toContain(team.adminToken);
  });

  it("T2: no token, a malformed header or a bad signature: 401 with the reason", async () => {
    expect(await call(relay, undefined, "GET", "/api/runners")).toMatchObject({ status: 401, body: { error: { code: "UNAUTHORIZED", message: expect.stringContaining("no token") } } });
    const bad = await fetch(`${relay}/api/runners`, { headers: { authorization: "Basic abc" } });
    expect(bad.status).toBe(401);
    const tampered = team.adminToken.slice(0, -4) + "AAAA";
    expect(await call(relay, tampered, "GET", "/api/runners")).toMatchObject({ status: 401, body: { error: { message: expect.stringContaining("not valid") } } });
  });

  it("T3: an expired token is refused, saying it expired", async () => {
    const expired = await forgeToken({ tid: team.teamId, role: "admin", kind: "member", jti: "x", exp: Math.floor(Date.now() / 1000) - 60 });
    expect(await call(relay, expired, "GET", "/api/runners")).toMatchObject({ status: 401, body: { error: { message: expect.stringContaining("expired") } } });
  });

  it("T4: a revoked token is refused, saying it was revoked", async () => {
    const editor = await team.token("editor");
    const tokenId = JSON.parse(atob(editor.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))).jti;
    expect((await call(relay, editor, "GET", "/api/runs")).status).toBe(200);
    expect((await call(relay, team.adminToken, "DELETE", `/api/tokens/${tokenId}`)).status).toBe(200);
    expect(await call(relay, editor, "GET", "/api/runs")).toMatchObject({ status: 401, body: { error: { message: expect.stringContaining("revoked") } } });
  });

  it("T5: roles are enforced in the hub: a viewer cannot start a run (403), an editor cannot mint tokens", async () => {
    const viewer = await team.token("viewer");
    const editor = await team.token("editor");
    const before = (await call(relay, viewer, "GET", "/api/runs")).body.runs.length;
    expect(await call(relay, viewer, "POST", "/api/flows/hello/runs", { input: { n: 1 } })).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN", message: expect.stringContaining("editor role") } } });
    expect((await call(relay, viewer, "GET", "/api/runs")).body.runs.length).toBe(before);
    expect(await call(relay, editor, "POST", "/api/tokens", { role: "admin" })).toMatchObject({ status: 403, body: { error: { message: expect.stringContaining("admin role") } } });
    expect((await call(relay, viewer, "GET", "/api/runners")).status).toBe(200);
  });

  it("T6: a token of another team sees nothing of this one, and a token naming a team that does not exist is refused", async () => {
    const other = await createTeam(relay, "other");
    const started = await call(relay, team.adminToken, "POST", "/api/flows/hello/runs", { input: { n: 2 } });
    expect(started.status).toBe(202);
    expect(await call(relay, other.adminToken, "GET", `/api/runs/${started.body.runId}`)).toMatchObject({ status: 404 });
    expect((await call(relay, other.adminToken, "GET", "/api/flows/hello")).status).toBe(404);
    const ghost = await forgeToken({ tid: "no-such-team", role: "admin", kind: "member", jti: "x", exp: Math.floor(Date.now() / 1000) + 60 });
    expect(await call(relay, ghost, "GET", "/api/runs")).toMatchObject({ status: 401, body: { error: { message: expect.stringContaining("team") } } });
  });

  it("T7: an enrollment token buys one runner credential; a second use is refused, naming who used it", async () => {
    const enrollment = await team.token("runner");
    const first = await call(relay, enrollment, "POST", "/api/runners/enroll", { name: "box-1", labels: ["linux"] });
    expect(first).toMatchObject({ status: 201, body: { runnerId: expect.stringMatching(/^rn_/), labels: ["linux"] } });
    const again = await call(relay, enrollment, "POST", "/api/runners/enroll", { name: "box-2" });
    expect(again).toMatchObject({ status: 401, body: { error: { message: expect.stringMatching(/already used by runner "box-1"/) } } });
    // A member token cannot attach a runner, and a runner credential cannot read the team's runs.
    expect((await call(relay, team.adminToken, "POST", "/api/runners/enroll", { name: "x" })).status).toBe(403);
    expect((await call(relay, first.body.token, "GET", "/api/runs")).status).toBe(403);
  });

  it("publishing an invalid flow answers 422 with each issue's path, as nexus validate says them", async () => {
    const broken = { ...hello, nodes: [...hello.nodes, { id: "x", type: "nope", position: { x: 0, y: 0 }, config: {} }] };
    const answer = await call(relay, team.adminToken, "PUT", "/api/flows/hello", broken);
    expect(answer.status).toBe(422);
    expect(answer.body.error.issues[0]).toMatchObject({ path: "nodes[2].type", message: expect.stringContaining('unknown node type "nope"') });
    expect((await call(relay, team.adminToken, "GET", "/api/flows/hello")).body.version).toBe(1);
  });

  it("errors are JSON with a code and a message, never a stack trace", async () => {
    for (const [method, path, body] of [["GET", "/api/nope"], ["POST", "/api/flows/hello/runs", "{not json"], ["GET", "/api/runs/run_missing"], ["POST", "/api/tokens", { role: "god" }]] as const) {
      const answer = await call(relay, team.adminToken, method, path, body);
      expect(answer.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(answer.body.error).toEqual({ code: expect.any(String), message: expect.any(String) });
      expect(JSON.stringify(answer.body)).not.toMatch(/at \w+ \(|\.ts:\d+/);
    }
  });
});

