/**
 * Schedule-to-start timeouts (PROTOCOL.md L8) on the real hub under `wrangler dev`: with no
 * runner online, a job or a headless run given `scheduleToStartMs` ends on the hub's alarm
 * with SCHEDULE_TO_START_TIMEOUT and a message that says what it waited for; one without
 * a deadline keeps waiting.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { eventually } from "../support/dev-process.ts";
import { call, createTeam, type TestTeam } from "./support/control-api.ts";
import { connectSubmitter, nodeJob, type Submitter } from "./support/submitter.ts";

const relay = inject("controlUrl");
let team: TestTeam;
let submitter: Submitter;

beforeAll(async () => {
  team = await createTeam(relay, "no runners here");
  submitter = await connectSubmitter(relay, team.adminToken);
});
afterAll(() => submitter.close());

const flow = {
  schemaVersion: 1,
  id: "nobody",
  name: "Nobody takes it",
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "work", type: "noop", position: { x: 200, y: 0 }, config: {} },
  ],
  edges: [{ id: "e1", source: "start", target: "work" }],
  settings: { runner: { labels: ["gpu"] } },
};

describe("schedule-to-start timeouts (L8)", () => {
  it("a node job no runner starts in time ends SCHEDULE_TO_START_TIMEOUT, saying what it waited for", async () => {
    const submitted = Date.now();
    submitter.send({ ...nodeJob("late:n:1", "noop", {}, ["gpu"]), scheduleToStartMs: 1_500 });
    expect(await submitter.next("late:n:1", "accepted")).toMatchObject({ status: "queued", waitingFor: "waiting for a runner with labels gpu" });
    const result = await submitter.next("late:n:1", "result", 15_000);
    expect(Date.now() - submitted).toBeGreaterThanOrEqual(1_500);
    expect(result.outcome).toEqual({
      ok: false,
      error: { code: "SCHEDULE_TO_START_TIMEOUT", retryable: false, message: "no runner started this job within 1500 ms of its submit (it was waiting for a runner with labels gpu)" },
    });
  });

  it("a headless run no runner takes in time fails with the same error; one without a deadline still waits", async () => {
    expect((await call(relay, team.adminToken, "PUT", "/api/flows/nobody", flow)).status).toBe(201);
    const bad = await call(relay, team.adminToken, "POST", "/api/flows/nobody/runs", { scheduleToStartMs: -5 });
    expect(bad.status).toBe(400);
    const patient = (await call(relay, team.adminToken, "POST", "/api/flows/nobody/runs", {})).body.runId as string;
    const { runId } = (await call(relay, team.adminToken, "POST", "/api/flows/nobody/runs", { scheduleToStartMs: 1_000 })).body as { runId: string };
    const run = await eventually(async () => {
      const body = (await call(relay, team.adminToken, "GET", `/api/runs/${runId}`)).body;
      return body.status === "failed" ? body : undefined;
    }, 15_000, "the run to time out");
    expect(run.error).toEqual({ code: "SCHEDULE_TO_START_TIMEOUT", retryable: false, message: "no runner started this job within 1000 ms of its submit (it was waiting for a runner with labels gpu)" });
    expect((await call(relay, team.adminToken, "GET", `/api/runs/${patient}`)).body).toMatchObject({ status: "queued", waitingFor: "waiting for a runner with labels gpu" });
  });
});
