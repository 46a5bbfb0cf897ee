/**
 * What a submitter is told is stored (PROTOCOL.md J1, J3, W5): every frame of a decision (the
 * job's offer, `accepted`, `result`) leaves after the decision's writes, so only once the rows
 * are on disk.
 * The Worker dev server is killed (SIGKILL, no shutdown) right after each, and what was said
 * holds after the restart. Its SQLite is on disk, as with `npm start`.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer } from "../../shared/test-support/test-http-server.ts";
import { eventually } from "../support/dev-process.ts";
import { createTeam, type TestTeam } from "./support/control-api.ts";
import { hits } from "./support/flows.ts";
import { startRunner, type RunnerProcess } from "./support/runner-process.ts";
import { connectSubmitter, nodeJob } from "./support/submitter.ts";
import { startWranglerDev, type WranglerDev } from "./support/wrangler-dev.ts";

let relay: WranglerDev;
let team: TestTeam;
let editor: string;
const runners: RunnerProcess[] = [];
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  relay = await startWranglerDev();
  team = await createTeam(relay.url);
  editor = await team.token("editor");
  server = await startTestServer({ "/queued": [{ status: 200, body: "{}" }], "/ran": [{ status: 200, body: '{"n":1}' }] });
});
afterAll(async () => {
  for (const runner of runners) await runner.dispose();
  await server?.close();
  await relay?.dispose();
});

async function runner(name: string, labels: string[] = []): Promise<RunnerProcess> {
  const started = await startRunner(relay.url, await team.token("runner"), { name, labels });
  runners.push(started);
  await started.connected();
  return started;
}

it("accepted means stored: queued jobs the hub accepted, killed at once, are still there after the restart, and run once", async () => {
  const submitter = await connectSubmitter(relay.url, editor, { batch: true });
  const keys = Array.from({ length: 20 }, (_, i) => `d1:n${i}:1`);
  submitter.sendRaw(JSON.stringify(keys.map((key) => nodeJob(key, "http.request", { method: "POST", url: `${server.url}/queued` }, ["gpu"]))));
  for (const key of keys) expect(await submitter.next(key, "accepted")).toMatchObject({ status: "queued" });
  await relay.restart("kill");
  submitter.close();

  await runner("gpu-runner", ["gpu"]);
  await eventually(async () => (hits(server.requests, "/queued") === keys.length ? true : undefined), 20_000, "every accepted job to run");
  const returning = await connectSubmitter(relay.url, editor, { batch: true });
  returning.sendRaw(JSON.stringify(keys.map((key) => nodeJob(key, "http.request", { method: "POST", url: `${server.url}/queued` }, ["gpu"]))));
  for (const key of keys) expect((await returning.next(key, "result")).outcome).toMatchObject({ ok: true });
  expect(hits(server.requests, "/queued")).toBe(keys.length);
  returning.close();
});

it("a result is told only once stored: killed right after it, the hub answers the same key with the kept result and the runner does not run it again", async () => {
  await runner("plain");
  const submitter = await connectSubmitter(relay.url, editor, { batch: true });
  const outcomes = [];
  for (let i = 0; i < 10; i++) {
    // One after another, as a browser run's chain: each offer leaves before its submit is stored.
    submitter.send(nodeJob(`d2:n${i}:1`, "http.request", { method: "POST", url: `${server.url}/ran` }));
    outcomes.push((await submitter.next(`d2:n${i}:1`, "result")).outcome);
  }
  // Every accepted came before its result (the submit's writes and notices go with the result's at the latest).
  for (let i = 0; i < 10; i++) {
    const order = submitter.notices.filter((notice) => notice.key === `d2:n${i}:1`).map((notice) => notice.type);
    expect(order.indexOf("accepted")).toBeGreaterThanOrEqual(0);
    expect(order.indexOf("accepted")).toBeLessThan(order.indexOf("result"));
  }
  await relay.restart("kill");
  submitter.close();

  const returning = await connectSubmitter(relay.url, editor, { batch: true });
  for (let i = 0; i < 10; i++) returning.send(nodeJob(`d2:n${i}:1`, "http.request", { method: "POST", url: `${server.url}/ran` }));
  for (let i = 0; i < 10; i++) {
    expect(await returning.next(`d2:n${i}:1`, "accepted")).toMatchObject({ status: "finished" });
    expect((await returning.next(`d2:n${i}:1`, "result")).outcome).toEqual(outcomes[i]);
  }
  expect(hits(server.requests, "/ran")).toBe(10);
  returning.close();
});
