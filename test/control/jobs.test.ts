/**
 * Node jobs from a submitter (PROTOCOL.md J1, J3, J5): a browser run hands nodes placed on
 * runners to the hub this way. A key runs once however often it is submitted, its result is
 * kept for a submitter that comes back, and cancel reaches the job.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestServer } from "../../shared/test-support/test-http-server.ts";
import { createTeam, type TestTeam } from "./support/control-api.ts";
import { hits } from "./support/flows.ts";
import { startRunner, type RunnerProcess } from "./support/runner-process.ts";
import { connectSubmitter, nodeJob } from "./support/submitter.ts";

const relay = inject("controlUrl");
let team: TestTeam;
let runner: RunnerProcess;
let server: Awaited<ReturnType<typeof startTestServer>>;
let editor: string;

beforeAll(async () => {
  team = await createTeam(relay);
  editor = await team.token("editor");
  server = await startTestServer({ "/effect": [{ status: 200, headers: { "content-type": "application/json" }, body: '{"ok":true}' }], "/slow": [{ status: 200, body: "{}", delayMs: 30_000 }] });
  runner = await startRunner(relay, await team.token("runner"), { name: "worker-1", labels: ["linux"] });
  await runner.connected();
});
afterAll(async () => {
  await runner?.dispose();
  await server?.close();
});

describe("node jobs", () => {
  it("J1, J3: a node job runs on a runner once; submitting its key again, even from a new connection, returns the kept result", async () => {
    const first = await connectSubmitter(relay, editor);
    first.send(nodeJob("r1:call:1", "http.request", { method: "POST", url: `${server.url}/effect` }));
    expect(await first.next("r1:call:1", "started")).toMatchObject({ runner: "worker-1", epoch: 1 });
    const result = await first.next("r1:call:1", "result");
    expect(result).toMatchObject({ runner: "worker-1", outcome: { ok: true, output: { status: 200, body: { ok: true } } } });
    first.send(nodeJob("r1:call:1", "http.request", { method: "POST", url: `${server.url}/effect` }));
    expect(await first.next("r1:call:1", "accepted")).toMatchObject({ status: expect.stringMatching(/finished|leased/) });
    first.close();

    const returning = await connectSubmitter(relay, editor);
    returning.send(nodeJob("r1:call:1", "http.request", { method: "POST", url: `${server.url}/effect` }));
    expect(await returning.next("r1:call:1", "accepted")).toMatchObject({ status: "finished" });
    expect((await returning.next("r1:call:1", "result")).outcome).toEqual(result.outcome);
    expect(hits(server.requests, "/effect")).toBe(1);
    expect(server.requests[0]!.headers["idempotency-key"]).toBe("r1:call");
    returning.close();
  });

  it("J5: cancel reaches a running node job; a job no runner can take waits, saying for what", async () => {
    const submitter = await connectSubmitter(relay, editor);
    submitter.send(nodeJob("r2:slow:1", "http.request", { method: "POST", url: `${server.url}/slow` }));
    await submitter.next("r2:slow:1", "started");
    submitter.send({ type: "cancel", key: "r2:slow:1" });
    expect((await submitter.next("r2:slow:1", "result")).outcome).toMatchObject({ ok: false, error: { code: "CANCELLED" } });

    submitter.send(nodeJob("r3:gpu:1", "noop", {}, ["gpu"]));
    expect(await submitter.next("r3:gpu:1", "accepted")).toMatchObject({ status: "queued", waitingFor: "waiting for a runner with labels gpu" });
    submitter.send({ type: "cancel", key: "r3:gpu:1" });
    expect((await submitter.next("r3:gpu:1", "result")).outcome.error.code).toBe("CANCELLED");
    submitter.close();
  });

  it("T5: a viewer cannot submit jobs", async () => {
    await expect(connectSubmitter(relay, await team.token("viewer"))).rejects.toThrow(/403/);
  });
});
