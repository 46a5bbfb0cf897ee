/**
 * Headless runs on real runner processes (PROTOCOL.md H1–H5, L4–L7): a runner killed with
 * SIGKILL mid-run is replaced within the lease window and the run resumes where it stopped;
 * approvals park a run and a decision resumes it; cancel reaches the runner.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestServer } from "../../shared/test-support/test-http-server.ts";
import { eventually } from "../support/dev-process.ts";
import { call, createTeam, type TestTeam } from "./support/control-api.ts";
import { hits, sideEffectFlow } from "./support/flows.ts";
import { startRunner, type RunnerProcess } from "./support/runner-process.ts";
import { readFileSync } from "node:fs";
import { repoRoot } from "./support/wrangler-dev.ts";

const relay = inject("controlUrl");
const runners: RunnerProcess[] = [];
let team: TestTeam;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  team = await createTeam(relay);
  server = await startTestServer({ "/a": [{ status: 200, body: "{}" }], "/b": [{ status: 200, body: "{}" }] });
});
afterAll(async () => {
  await Promise.all(runners.map((runner) => runner.dispose()));
  await server.close();
});

async function runner(name: string, extra: { labels?: string[]; concurrency?: number } = {}) {
  const started = await startRunner(relay, await team.token("runner"), { name, ...extra });
  runners.push(started);
  await started.connected();
  return started;
}

const getRun = async (runId: string) => (await call(relay, team.adminToken, "GET", `/api/runs/${runId}`)).body;

describe("headless runs", () => {
  it("H1: a published flow runs on a runner; the run names the runner of each node", async () => {
    await runner("alpha");
    const flow = JSON.parse(readFileSync(`${repoRoot}runner/examples/hello.json`, "utf8"));
    expect((await call(relay, team.adminToken, "PUT", "/api/flows/hello", flow)).body.version).toBe(1);
    const { body } = await call(relay, team.adminToken, "POST", "/api/flows/hello/runs", { input: { n: 21 } });
    const run = await eventually(async () => ((await getRun(body.runId)).status === "succeeded" ? getRun(body.runId) : undefined), 20_000, "the run to succeed");
    expect(run).toMatchObject({ flowId: "hello", version: 1, status: "succeeded", nodes: { double: { status: "succeeded", output: { n: 42 }, runner: "alpha" } } });
    const listed = await call(relay, team.adminToken, "GET", "/api/runs?flowId=hello&status=succeeded");
    expect(listed.body.runs[0]).toMatchObject({ runId: body.runId, trigger: "api", runners: ["alpha"] });
    // The list filters by trigger and by runner (the Team runs view's filters).
    const ids = async (query: string) => (await call(relay, team.adminToken, "GET", `/api/runs?flowId=hello&${query}`)).body.runs.map((listedRun: { runId: string }) => listedRun.runId);
    expect(await ids("trigger=api&runner=alpha")).toEqual([body.runId]);
    expect(await ids("trigger=webhook")).toEqual([]);
    expect(await ids("runner=nobody")).toEqual([]);
  });

  it("L4: kill -9 of the runner mid-run: another runner resumes it within the lease window; finished nodes never run again", async () => {
    for (const old of runners.splice(0)) await old.dispose();
    // Both are there from the start; the hub offers the run to the one with the most free slots (L1).
    const doomed = await runner("doomed", { labels: ["kill"], concurrency: 4 });
    await runner("survivor", { labels: ["kill"], concurrency: 1 });
    await call(relay, team.adminToken, "PUT", "/api/flows/killme", { ...sideEffectFlow("killme", server.url, 4_000), settings: { runner: { labels: ["kill"] } } });
    const { body } = await call(relay, team.adminToken, "POST", "/api/flows/killme/runs", {});
    await eventually(async () => ((await getRun(body.runId)).nodes.wait.status === "waiting" ? true : undefined), 20_000, "the delay to start");
    const killedAt = Date.now();
    await doomed.kill();
    const run = await eventually(async () => ((await getRun(body.runId)).status === "succeeded" ? getRun(body.runId) : undefined), 30_000, "the run to succeed on the survivor");
    expect(hits(server.requests, "/a")).toBe(1);
    expect(hits(server.requests, "/b")).toBe(1);
    expect(run.nodes.a.runner).toBe("doomed");
    expect(run.nodes.b.runner).toBe("survivor");
    expect(run.notes).toEqual([expect.objectContaining({ type: "runner.lost", text: expect.stringContaining("runner doomed lost") })]);
    expect(Date.parse(run.nodes.b.startedAt) - killedAt).toBeLessThan(15_000);
  });

  it("H4: an approval parks the run (no runner slot held); approving resumes it on a runner", async () => {
    const flow = JSON.parse(readFileSync(`${repoRoot}runner/examples/order-approval.json`, "utf8"));
    await call(relay, team.adminToken, "PUT", "/api/flows/order-approval", flow);
    const { body } = await call(relay, team.adminToken, "POST", "/api/flows/order-approval/runs", { input: { id: "A-1", amount: 5000 } });
    const waiting = await eventually(async () => ((await getRun(body.runId)).status === "waiting" ? getRun(body.runId) : undefined), 20_000, "the run to wait");
    expect(waiting.waitingFor).toContain("approve");
    expect((await call(relay, team.adminToken, "GET", "/api/runners")).body.runners.every((r: { running: number }) => r.running === 0)).toBe(true);
    const viewer = await team.token("viewer");
    expect((await call(relay, viewer, "POST", `/api/runs/${body.runId}/signals`, { nodeId: "approve", decision: "approve" })).status).toBe(403);
    expect((await call(relay, team.adminToken, "POST", `/api/runs/${body.runId}/signals`, { nodeId: "approve", decision: "approve" })).status).toBe(202);
    const run = await eventually(async () => ((await getRun(body.runId)).status === "succeeded" ? getRun(body.runId) : undefined), 20_000, "the approved run to succeed");
    expect(run.nodes.receipt.output).toMatchObject({ order: "A-1", amount: 5000 });
  });

  it("H5: cancel reaches the runner holding the run; the run ends cancelled", async () => {
    await call(relay, team.adminToken, "PUT", "/api/flows/long", sideEffectFlow("long", server.url, 60_000));
    const { body } = await call(relay, team.adminToken, "POST", "/api/flows/long/runs", {});
    await eventually(async () => ((await getRun(body.runId)).nodes.wait.status === "waiting" ? true : undefined), 20_000, "the delay to start");
    expect((await call(relay, team.adminToken, "POST", `/api/runs/${body.runId}/cancel`)).status).toBe(202);
    const run = await eventually(async () => ((await getRun(body.runId)).status === "cancelled" ? getRun(body.runId) : undefined), 10_000, "the run to be cancelled");
    expect(run.nodes.wait.status).toBe("cancelled");
    expect(run.nodes.b.status).not.toBe("succeeded");
    expect((await call(relay, team.adminToken, "POST", `/api/runs/${body.runId}/cancel`)).status).toBe(409);
  });

  it("a run no runner can take says what it waits for", async () => {
    await call(relay, team.adminToken, "PUT", "/api/flows/gpu", { ...sideEffectFlow("gpu", server.url, 10), settings: { runner: { labels: ["gpu"] } } });
    const { body } = await call(relay, team.adminToken, "POST", "/api/flows/gpu/runs", {});
    expect(await getRun(body.runId)).toMatchObject({ status: "queued", waitingFor: "waiting for a runner with labels gpu" });
    await call(relay, team.adminToken, "POST", `/api/runs/${body.runId}/cancel`);
    expect((await getRun(body.runId)).status).toBe("cancelled");
  });
});

describe("placement", () => {
  it("H3: a node asking for labels its run's runner lacks is handed, through the hub, to a runner that has them", async () => {
    for (const old of runners.splice(0)) await old.dispose();
    await runner("general");
    await runner("special-box", { labels: ["special"] });
    const flow = sideEffectFlow("placed", server.url, 10);
    // Two nodes handed over: the hub records each one's runner, not only the first of the run's.
    (flow.nodes[1] as Record<string, unknown>).runner = { labels: ["special"] };
    (flow.nodes[3] as Record<string, unknown>).runner = { labels: ["special"] };
    await call(relay, team.adminToken, "PUT", "/api/flows/placed", { ...flow, settings: { runner: { labels: [] } } });
    const before = hits(server.requests, "/b");
    const { body } = await call(relay, team.adminToken, "POST", "/api/flows/placed/runs", {});
    const run = await eventually(async () => ((await getRun(body.runId)).status === "succeeded" ? getRun(body.runId) : undefined), 20_000, "the placed run to succeed");
    expect(run.nodes.a.runner).toBe("special-box");
    expect(run.nodes.b.runner).toBe("special-box");
    expect(run.nodes.wait.runner).not.toBe("special-box");
    expect(hits(server.requests, "/b")).toBe(before + 1);
  });
});
