/**
 * The runner as a process (issue 7, "Runner agent"): it enrolls once and restarts without a
 * token; SIGTERM hands held jobs back at once (L7); `--once` takes one job and exits; a revoked
 * runner is closed with the reason and its credential stops working.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readFileSync } from "node:fs";
import { startTestServer } from "../../shared/test-support/test-http-server.ts";
import { eventually } from "../support/dev-process.ts";
import { call, createTeam, type TestTeam } from "./support/control-api.ts";
import { hits, sideEffectFlow } from "./support/flows.ts";
import { startRunner, type RunnerProcess } from "./support/runner-process.ts";
import { repoRoot } from "./support/wrangler-dev.ts";

const relay = inject("controlUrl");
const started: RunnerProcess[] = [];
let team: TestTeam;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  team = await createTeam(relay);
  server = await startTestServer({ "/a": [{ status: 200, body: "{}" }], "/b": [{ status: 200, body: "{}" }] });
  await call(relay, team.adminToken, "PUT", "/api/flows/hello", JSON.parse(readFileSync(`${repoRoot}runner/examples/hello.json`, "utf8")));
});
afterAll(async () => {
  await Promise.all(started.map((runner) => runner.dispose()));
  await server.close();
});

async function runner(name: string, token: string | undefined, options: { concurrency?: number; stateDir?: string; extraArgs?: string[] } = {}) {
  const process_ = await startRunner(relay, token, { name, ...options });
  started.push(process_);
  return process_;
}

const getRun = async (runId: string) => (await call(relay, team.adminToken, "GET", `/api/runs/${runId}`)).body;

describe("runner process", () => {
  it("enrolls once, then starts again from its state directory without a token", async () => {
    const first = await runner("keeper", await team.token("runner"));
    await first.connected();
    expect(first.output()).toMatch(/enrolled as runner rn_/);
    await first.stop();
    expect(await first.exited).toBe(0);
    const again = await runner("keeper", undefined, { stateDir: first.stateDir });
    await again.connected();
    expect(again.output()).not.toMatch(/enrolled/);
    const listed = (await call(relay, team.adminToken, "GET", "/api/runners")).body.runners;
    expect(listed.filter((r: { name: string }) => r.name === "keeper")).toEqual([expect.objectContaining({ connected: true, slots: 4, version: expect.any(String) })]);
    await again.stop();
  });

  it("L7: SIGTERM hands a held run back; another runner takes it at once, finished nodes are not run again", async () => {
    const leaving = await runner("leaving", await team.token("runner"), { concurrency: 4 });
    await leaving.connected();
    const staying = await runner("staying", await team.token("runner"), { concurrency: 1 });
    await staying.connected();
    await call(relay, team.adminToken, "PUT", "/api/flows/handback", sideEffectFlow("handback", server.url, 5_000));
    const { body } = await call(relay, team.adminToken, "POST", "/api/flows/handback/runs", {});
    await eventually(async () => ((await getRun(body.runId)).nodes.wait.status === "waiting" ? true : undefined), 20_000, "the delay to start on the leaving runner");
    expect((await getRun(body.runId)).nodes.a.runner).toBe("leaving");
    const stoppedAt = Date.now();
    await leaving.stop(10_000); // --grace 2: it waits 2 s for the run, then hands it back
    expect(leaving.output()).toMatch(/handed back to the relay/);
    const run = await eventually(async () => ((await getRun(body.runId)).status === "succeeded" ? getRun(body.runId) : undefined), 20_000, "the run to finish on the other runner");
    expect(run.nodes.b.runner).toBe("staying");
    expect(Date.parse(run.nodes.b.startedAt) - stoppedAt).toBeLessThan(8_000);
    expect(hits(server.requests, "/a")).toBe(1);
    expect(hits(server.requests, "/b")).toBe(1);
    await staying.stop();
  });

  it("--once takes one job and exits 0", async () => {
    const once = await runner("one-shot", await team.token("runner"), { extraArgs: ["--once"] });
    await once.connected();
    const { body } = await call(relay, team.adminToken, "POST", "/api/flows/hello/runs", { input: { n: 4 } });
    expect(await once.exited).toBe(0);
    expect(await eventually(async () => ((await getRun(body.runId)).status === "succeeded" ? getRun(body.runId) : undefined))).toMatchObject({ nodes: { double: { output: { n: 8 }, runner: "one-shot" } } });
  });

  it("a revoked runner is closed with the reason, exits, and its credential is refused", async () => {
    const doomed = await runner("revoked-one", await team.token("runner"));
    await doomed.connected();
    const id = (await call(relay, team.adminToken, "GET", "/api/runners")).body.runners.find((r: { name: string }) => r.name === "revoked-one").id;
    expect((await call(relay, team.adminToken, "DELETE", `/api/runners/${id}`)).status).toBe(200);
    expect(await doomed.exited).toBe(1);
    expect(doomed.output()).toMatch(/revoked/);
    const credential = JSON.parse(readFileSync(`${doomed.stateDir}/credential.json`, "utf8")).token;
    expect(await call(relay, credential, "GET", "/api/runners/connect")).toMatchObject({ status: 401, body: { error: { message: expect.stringContaining("revoked") } } });
    const audit = (await call(relay, team.adminToken, "GET", "/api/audit")).body.entries.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(["runner.attached", "runner.revoked", "token.minted"]));
  });
});
