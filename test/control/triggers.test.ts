/**
 * Webhook and schedule triggers (issue 12), through the real Worker and real runners: a
 * published flow's webhook starts a run and can answer with its result; wrong secrets start
 * nothing; schedules fire on time, record what they skip, and survive a relay restart.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: the package ships no types
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { eventually } from "../support/dev-process.ts";
import { call, createTeam, type TestTeam } from "./support/control-api.ts";
import { startRunner, type RunnerProcess } from "./support/runner-process.ts";
import { startWranglerDev, type WranglerDev } from "./support/wrangler-dev.ts";

let relay: WranglerDev;
let team: TestTeam;
let runner: RunnerProcess;

beforeAll(async () => {
  relay = await startWranglerDev();
  team = await createTeam(relay.url);
  runner = await startRunner(relay.url, await team.token("runner"), { name: "hooks", concurrency: 8 });
  await runner.connected();
  expect((await call(relay.url, team.adminToken, "PUT", "/api/secrets/hook-secret", { value: "s3cret-value" })).status).toBe(200);
});
afterAll(async () => {
  await runner?.dispose();
  await relay?.dispose();
});

//   hook (webhook) ─► shape (transform)      manual ─► shape
const webhookFlow = (id: string, auth: object, respond: "accepted" | "result") => ({
  schemaVersion: 1,
  id,
  name: id,
  nodes: [
    { id: "manual", type: "trigger.manual", position: { x: 0, y: 100 }, config: {} },
    { id: "hook", type: "trigger.webhook", position: { x: 0, y: 0 }, config: { method: "POST", auth, respond, timeoutMs: 20_000 } },
    { id: "shape", type: "transform", position: { x: 200, y: 0 }, config: { code: "return { got: input.body.n * 2, from: input.method }" } },
  ],
  edges: [{ id: "e1", source: "hook", target: "shape" }],
});

const runsOf = async (flowId: string) => (await call(relay.url, team.adminToken, "GET", `/api/runs?flowId=${flowId}`)).body.runs;

/** Publishes a flow; returns its first webhook's URL, if it has one. */
async function publish(flow: object): Promise<string> {
  const published = await call(relay.url, team.adminToken, "PUT", `/api/flows/${(flow as { id: string }).id}`, flow);
  expect(published.status).toBe(201);
  return published.body.webhooks[0]?.url;
}

describe("webhooks", () => {
  it("the production URL starts a run on a runner at the webhook node and answers 202 with its runId", async () => {
    const url = await publish(webhookFlow("hooked", { type: "none" }, "accepted"));
    const answer = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ n: 21 }) });
    expect(answer.status).toBe(202);
    const { runId } = (await answer.json()) as { runId: string };
    const run = await eventually(async () => {
      const body = (await call(relay.url, team.adminToken, "GET", `/api/runs/${runId}`)).body;
      return body.status === "succeeded" ? body : undefined;
    });
    expect(run).toMatchObject({ trigger: "webhook", triggerNode: "hook", nodes: { manual: { status: "skipped" }, shape: { output: { got: 42, from: "POST" }, runner: "hooks" } } });
    expect((await runsOf("hooked"))[0]).toMatchObject({ runId, trigger: "webhook" });
  });

  it("respond: result answers with the last node's output", async () => {
    const url = await publish(webhookFlow("answering", { type: "header", header: "x-token", secret: "hook-secret" }, "result"));
    const answer = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-token": "s3cret-value" }, body: JSON.stringify({ n: 5 }) });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ got: 10, from: "POST" });
    expect(answer.headers.get("x-nexus-run-id")).toMatch(/^run_/);
  });

  it("a wrong header secret or a bad HMAC gets 401 and starts no run; a good HMAC starts one", async () => {
    const headerUrl = await publish(webhookFlow("guarded", { type: "header", header: "x-token", secret: "hook-secret" }, "accepted"));
    const hmacUrl = await publish(webhookFlow("signed", { type: "hmac", secret: "hook-secret" }, "accepted"));
    const body = JSON.stringify({ n: 1 });
    expect((await fetch(headerUrl, { method: "POST", headers: { "x-token": "wrong-value!" }, body })).status).toBe(401);
    expect((await fetch(headerUrl, { method: "POST", body })).status).toBe(401);
    const badSignature = `sha256=${createHmac("sha256", "other-secret").update(body).digest("hex")}`;
    const refused = await fetch(hmacUrl, { method: "POST", headers: { "x-hub-signature-256": badSignature }, body });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("signature");
    expect(await runsOf("guarded")).toEqual([]);
    expect(await runsOf("signed")).toEqual([]);
    const good = `sha256=${createHmac("sha256", "s3cret-value").update(body).digest("hex")}`;
    expect((await fetch(hmacUrl, { method: "POST", headers: { "x-hub-signature-256": good, "content-type": "application/json" }, body })).status).toBe(202);
    expect(await runsOf("signed")).toHaveLength(1);
  });

  it("an unpublished flow's URL answers 404; a body over 1 MB gets 413; another method gets 405", async () => {
    const url = await publish(webhookFlow("temporary", { type: "none" }, "accepted"));
    expect((await fetch(url, { method: "GET" })).status).toBe(405);
    expect((await fetch(url, { method: "POST", body: "x".repeat(1024 * 1024 + 1) })).status).toBe(413);
    expect((await call(relay.url, team.adminToken, "DELETE", "/api/flows/temporary")).status).toBe(200);
    expect((await fetch(url, { method: "POST", body: "{}" })).status).toBe(404);
    expect(await runsOf("temporary")).toEqual([]);
    // Published again: the same URL works again.
    expect(await publish(webhookFlow("temporary", { type: "none" }, "accepted"))).toBe(url);
    expect((await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"n":1}' })).status).toBe(202);
  });

  it("a test URL captures the next request as sample data and starts no run", async () => {
    const armed = await call(relay.url, team.adminToken, "POST", "/api/flows/sampled/test-webhooks/hook");
    expect(armed.status).toBe(201);
    const sent = await fetch(`${armed.body.url}?page=2`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"sample":true}' });
    expect(sent.status).toBe(200);
    const captured = await call(relay.url, team.adminToken, "GET", `/api/test-webhooks/${armed.body.testId}`);
    expect(captured.body.captured).toMatchObject({ method: "POST", query: { page: "2" }, body: { sample: true } });
    expect(await runsOf("sampled")).toEqual([]);
  });
});

//   tick (schedule, every 2 s) ─► work (delay)
const scheduleFlow = (id: string, delayMs: number, extra: object = {}) => ({
  schemaVersion: 1,
  id,
  name: id,
  nodes: [
    { id: "tick", type: "trigger.schedule", position: { x: 0, y: 0 }, config: { cron: "*/2 * * * * *", ...extra } },
    { id: "work", type: "delay", position: { x: 200, y: 0 }, config: { ms: delayMs } },
  ],
  edges: [{ id: "e1", source: "tick", target: "work" }],
});

const occurrencesOf = async (flowId: string) => (await call(relay.url, team.adminToken, "GET", `/api/flows/${flowId}/occurrences`)).body.occurrences as { scheduledAt: string; handledAt: string; outcome: string; reason?: string }[];

describe("schedules", () => {
  it("S1: a 6-field cron every 2 seconds fires on time (±1 s) for 10 s", async () => {
    await publish(scheduleFlow("ticking", 10));
    await new Promise((resolve) => setTimeout(resolve, 10_500));
    await call(relay.url, team.adminToken, "DELETE", "/api/flows/ticking");
    const started = (await occurrencesOf("ticking")).filter((o) => o.outcome === "started");
    expect(started.length).toBeGreaterThanOrEqual(4);
    for (const occurrence of started) expect(Math.abs(Date.parse(occurrence.handledAt) - Date.parse(occurrence.scheduledAt))).toBeLessThan(1_000);
    expect((await runsOf("ticking"))[0]).toMatchObject({ trigger: "schedule", triggerNode: "tick" });
  });

  it("S3: overlap skip, with runs longer than the period, records the skipped occurrences and why", async () => {
    await publish(scheduleFlow("overlapping", 5_000));
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    await call(relay.url, team.adminToken, "DELETE", "/api/flows/overlapping");
    const occurrences = await occurrencesOf("overlapping");
    expect(occurrences.filter((o) => o.outcome === "skipped")).toEqual(expect.arrayContaining([expect.objectContaining({ reason: "the previous run is still running" })]));
    expect(occurrences.filter((o) => o.outcome === "started").length).toBeLessThanOrEqual(2);
  });

  it("S2: a relay restart keeps the schedule, and what was missed meanwhile follows catch-up: latest", async () => {
    await publish(scheduleFlow("durable", 10, { catchUp: "latest" }));
    await eventually(async () => ((await occurrencesOf("durable")).some((o) => o.outcome === "started") ? true : undefined), 10_000, "a first firing");
    await relay.restart("kill");
    await runner.connected(2);
    await eventually(async () => ((await occurrencesOf("durable")).filter((o) => o.outcome === "started").length >= 3 ? true : undefined), 20_000, "firings after the restart");
    await call(relay.url, team.adminToken, "DELETE", "/api/flows/durable");
  });
});

describe("monitoring", () => {
  it("/metrics parses as Prometheus text and its counters match the runs made; /api/stats agrees", async () => {
    const metricsToken = await team.token("metrics" as never);
    const response = await fetch(`${relay.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(response.status).toBe(200);
    const families = parsePrometheusTextFormat(await response.text()) as { name: string; type: string; metrics: { labels?: Record<string, string>; value?: string }[] }[];
    const runsTotal = families.find((family) => family.name === "nexus_runs_total")!;
    expect(runsTotal.type).toBe("COUNTER");
    const runs = (await call(relay.url, team.adminToken, "GET", "/api/runs?limit=500")).body.runs as { flowId: string; status: string; trigger: string }[];
    const finished = runs.filter((run) => ["succeeded", "failed", "cancelled"].includes(run.status));
    const counted = runsTotal.metrics.reduce((sum, metric) => sum + Number(metric.value), 0);
    expect(counted).toBe(finished.length);
    const hooked = runsTotal.metrics.find((metric) => metric.labels?.flow === "hooked" && metric.labels.status === "succeeded");
    expect(Number(hooked?.value)).toBe(finished.filter((run) => run.flowId === "hooked" && run.status === "succeeded").length);
    expect(families.find((family) => family.name === "nexus_runners_connected")!.metrics[0]!.value).toBe("1");
    expect(families.map((family) => family.name)).toEqual(expect.arrayContaining(["nexus_run_duration_seconds", "nexus_node_executions_total", "nexus_job_wait_seconds", "nexus_queue_depth"]));
    expect((await fetch(`${relay.url}/metrics`, { headers: { authorization: `Bearer ${await team.token("viewer")}` } })).status).toBe(403);

    const stats = (await call(relay.url, team.adminToken, "GET", "/api/stats?flowId=hooked")).body;
    expect(stats.runs.byStatus.succeeded).toBe(finished.filter((run) => run.flowId === "hooked" && run.status === "succeeded").length);
    expect(stats.successRate).toBe(1);
    expect(stats.durationMs.p50).toBeGreaterThan(0);
    expect(stats.queueWaitMs.p99).toBeGreaterThanOrEqual(stats.queueWaitMs.p50);
  });

  it("publishing a schedule croner refuses (the right shape, an impossible minute) answers 422 with the path", async () => {
    const answer = await call(relay.url, team.adminToken, "PUT", "/api/flows/impossible", scheduleFlow("impossible", 10, { cron: "99 * * * *" }));
    expect(answer.status).toBe(422);
    expect(answer.body.error.issues[0]).toMatchObject({ path: "nodes[0].config.cron", message: expect.stringContaining("croner refuses") });
  });

  it("/api/stats/live tells a viewer when runs start and when they end, a burst in a few frames at least 250 ms apart; a metrics token is refused", async () => {
    // A team of its own: the schedules of the tests above keep firing in theirs.
    const quiet = await createTeam(relay.url, "live team");
    const quietRunner = await startRunner(relay.url, await quiet.token("runner"), { name: "live", concurrency: 8 });
    try {
      await quietRunner.connected();
      const { default: WebSocket } = await import("ws");
      const liveUrl = async (role: string) => `${relay.url.replace(/^http/, "ws")}/api/stats/live?token=${await quiet.token(role as never)}`;
      const refused = new WebSocket(await liveUrl("metrics"));
      expect(await new Promise((resolve) => refused.once("unexpected-response", (_request, response) => resolve(response.statusCode)))).toBe(403);

      const socket = new WebSocket(await liveUrl("viewer"));
      const frames: { type: string; at: number; heardAt: number }[] = [];
      socket.on("message", (data) => frames.push({ ...(JSON.parse(String(data)) as { type: string; at: number }), heardAt: Date.now() }));
      await new Promise((resolve, reject) => (socket.once("open", resolve), socket.once("error", reject)));
      //   start (manual) ─► wait (delay 1.5 s)
      const flow = { schemaVersion: 1, id: "waits", name: "waits", nodes: [{ id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} }, { id: "wait", type: "delay", position: { x: 200, y: 0 }, config: { ms: 1_500 } }], edges: [{ id: "e1", source: "start", target: "wait" }] };
      expect((await call(relay.url, quiet.adminToken, "PUT", "/api/flows/waits", flow)).status).toBe(201);

      // One run: told when it starts, and again when it ends (1.5 s later), with no poll.
      const startedAt = Date.now();
      expect((await call(relay.url, quiet.adminToken, "POST", "/api/flows/waits/runs", { input: {} })).status).toBe(202);
      await eventually(async () => frames.some((frame) => frame.heardAt >= startedAt + 1_400) || Promise.reject(new Error(`${frames.length} frames, none after the run's end`)), 20_000);
      expect(frames[0]).toMatchObject({ type: "runs.changed" });
      expect(frames[0]!.heardAt - startedAt).toBeLessThan(1_400); // the start, before the delay ends

      // A burst of 20 runs (40 changes): coalesced into far fewer frames, each ≥ 250 ms after the one before.
      frames.length = 0;
      await Promise.all(Array.from({ length: 20 }, () => call(relay.url, quiet.adminToken, "POST", "/api/flows/waits/runs", { input: {} })));
      await eventually(async () => {
        const runs = (await call(relay.url, quiet.adminToken, "GET", "/api/runs?limit=100")).body.runs as { status: string }[];
        return runs.every((run) => run.status === "succeeded") || Promise.reject(new Error("runs still going"));
      }, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 600)); // the last coalesced frame
      expect(frames.length).toBeGreaterThanOrEqual(2);
      expect(frames.length).toBeLessThan(20);
      for (let i = 1; i < frames.length; i++) expect(frames[i]!.at - frames[i - 1]!.at).toBeGreaterThanOrEqual(250);
      socket.close();
    } finally {
      await quietRunner.dispose();
    }
  });

  it("POST /api/flows/validate names each issue with its path", async () => {
    const answer = await call(relay.url, team.adminToken, "POST", "/api/flows/validate", scheduleFlow("x", 10, { cron: "nope" }));
    expect(answer.body).toMatchObject({ valid: false, issues: [expect.objectContaining({ path: "nodes[0].config.cron" })] });
  });
});
