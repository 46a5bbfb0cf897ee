/**
 * Notifications and error flows (issue 12): a failing headless run posts signed JSON naming the
 * flow, the failing node and the error; repeated failures are grouped with a count; the first
 * success after them is a recovery; the flow's error flow runs with the failure as input.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer } from "../../shared/test-support/test-http-server.ts";
import { eventually } from "../support/dev-process.ts";
import { call, createTeam, type TestTeam } from "./support/control-api.ts";
import { startRunner, type RunnerProcess } from "./support/runner-process.ts";
import { startWranglerDev, type WranglerDev } from "./support/wrangler-dev.ts";

let relay: WranglerDev;
let team: TestTeam;
let runner: RunnerProcess;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  relay = await startWranglerDev({ NEXUS_NOTIFY_WINDOW_MS: "4000" });
  team = await createTeam(relay.url);
  server = await startTestServer({ "/notify": [{ status: 200, body: "ok" }] });
  runner = await startRunner(relay.url, await team.token("runner"), { name: "notifier", concurrency: 4 });
  await runner.connected();
  await call(relay.url, team.adminToken, "PUT", "/api/secrets/notify-key", { value: "notify-secret-1" });
});
afterAll(async () => {
  await runner?.dispose();
  await server?.close();
  await relay?.dispose();
});

//   start ─► work (transform: throws, or not)
const flaky = (code: string) => ({
  schemaVersion: 1,
  id: "flaky",
  name: "Flaky flow",
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "work", type: "transform", position: { x: 200, y: 0 }, config: { code } },
  ],
  edges: [{ id: "e1", source: "start", target: "work" }],
  settings: { notify: { on: ["failure", "recovery"], webhooks: [{ url: `${server.url}/notify`, secret: "notify-key" }] }, errorFlow: "on-error" },
});
const onError = { schemaVersion: 1, id: "on-error", name: "On error", nodes: [{ id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} }], edges: [] };

const messages = () =>
  server.requests
    .filter((request) => request.path === "/notify")
    .map((request) => {
      const signature = `sha256=${createHmac("sha256", "notify-secret-1").update(request.body).digest("hex")}`;
      expect(request.headers["x-nexus-signature-256"]).toBe(signature);
      return JSON.parse(request.body);
    });

async function runOnce(): Promise<string> {
  const { body } = await call(relay.url, team.adminToken, "POST", "/api/flows/flaky/runs", {});
  await eventually(async () => (["succeeded", "failed"].includes((await call(relay.url, team.adminToken, "GET", `/api/runs/${body.runId}`)).body.status) ? true : undefined));
  return body.runId;
}

it("a failure is told at once (signed), repeats are grouped with a count, a success after them is a recovery; the error flow runs for each", async () => {
  await call(relay.url, team.adminToken, "PUT", "/api/flows/on-error", onError);
  await call(relay.url, team.adminToken, "PUT", "/api/flows/flaky", flaky("throw new Error('boom')"));
  const first = await runOnce();
  await eventually(() => (messages().length === 1 ? true : undefined), 10_000, "the first failure message");
  expect(messages()[0]).toMatchObject({ kind: "failure", count: 1, flowId: "flaky", runId: first, error: { nodeId: "work", message: expect.stringContaining("boom") }, text: expect.stringContaining('Flow "Flaky flow" failed at node "work"') });

  await runOnce();
  await runOnce();
  expect(messages()).toHaveLength(1); // held back: same window
  await eventually(() => (messages().length === 2 ? true : undefined), 15_000, "the grouped message");
  expect(messages()[1]).toMatchObject({ kind: "failure", count: 2, text: expect.stringContaining("(2 failures since the last message)") });

  await call(relay.url, team.adminToken, "PUT", "/api/flows/flaky", flaky("return { ok: true }"));
  await runOnce();
  await eventually(() => (messages().length === 3 ? true : undefined), 10_000, "the recovery message");
  expect(messages()[2]).toMatchObject({ kind: "recovery", status: "succeeded" });

  const errorRuns = (await call(relay.url, team.adminToken, "GET", "/api/runs?flowId=on-error")).body.runs;
  expect(errorRuns).toHaveLength(3);
  expect(errorRuns.every((run: { trigger: string }) => run.trigger === "error")).toBe(true);
  const errorRun = (await call(relay.url, team.adminToken, "GET", `/api/runs/${errorRuns[2].runId}`)).body;
  expect(errorRun.nodes.start.output).toMatchObject({ flowId: "flaky", runId: first, error: { nodeId: "work" } });
});
