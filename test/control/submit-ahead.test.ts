/**
 * Jobs submitted ahead (PROTOCOL.md J6–J9) against the real hub under `wrangler dev` (SQLite on
 * disk, as with `npm start`) and real runner processes: a waiting job is offered only in the
 * decision that stores its predecessor's result, and is removed, its key free again, when that
 * predecessor fails, ends on another port, or it is cancelled. Killed (SIGKILL) and restarted,
 * the hub runs nothing twice.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer } from "../../shared/test-support/test-http-server.ts";
import { eventually } from "../support/dev-process.ts";
import { createTeam, type TestTeam } from "./support/control-api.ts";
import { hits } from "./support/flows.ts";
import { startRunner, type RunnerProcess } from "./support/runner-process.ts";
import { connectSubmitter, nodeJob, type Submitter } from "./support/submitter.ts";
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
  server = await startTestServer({ "/hop": [{ status: 200, body: '{"hop":true}' }], "/held": [{ status: 200, body: "{}" }] });
  runners.push(await startRunner(relay.url, await team.token("runner"), { name: "plain" }));
  await runners[0]!.connected();
});
afterAll(async () => {
  for (const runner of runners) await runner.dispose();
  await server?.close();
  await relay?.dispose();
});

/** `nodeJob` submitted ahead: waits on `key`'s result on port `out` (a noop's or http.request's default). */
const ahead = (job: ReturnType<typeof nodeJob>, key: string, port = "out") => ({ ...job, after: { key, port, defaultPort: "out" } });

/** A chain `run:n0 … run:n{length-1}`: the first a plain submit, the rest each after the one before, in one frame. */
function chainFrame(run: string, length: number, type: string, config: object = {}, labels: string[] = []): string {
  const jobs = Array.from({ length }, (_, i) => nodeJob(`${run}:n${i}:1`, type, config, labels));
  return JSON.stringify(jobs.map((job, i) => (i === 0 ? job : ahead(job, `${run}:n${i - 1}:1`))));
}

/** The index of the frame (W5: one per decision) holding `type` for `key`. */
const frameOf = (submitter: Submitter, key: string, type: string) => submitter.frames.findIndex((frame) => (Array.isArray(frame) ? frame : [frame]).some((notice) => notice.key === key && notice.type === type));

it("J6, J7: a chain submitted ahead waits, then each job is offered in the decision that stores the one before, with its output as input", async () => {
  const submitter = await connectSubmitter(relay.url, editor, { batch: true });
  submitter.sendRaw(chainFrame("c1", 8, "noop"));
  for (let i = 1; i < 8; i++) expect(await submitter.next(`c1:n${i}:1`, "accepted")).toMatchObject({ status: "waiting" });
  const last = await submitter.next("c1:n7:1", "result");
  expect(last.outcome).toEqual({ ok: true, output: { hello: "world" } }); // n0's input, passed down the chain
  for (let i = 0; i < 7; i++) {
    const result = frameOf(submitter, `c1:n${i}:1`, "result");
    const next = frameOf(submitter, `c1:n${i + 1}:1`, "started");
    // Same frame, so same decision and same commit; and never before it.
    expect(next, `n${i + 1} offered with n${i}'s result`).toBe(result);
    const inFrame = submitter.frames[result] as { key: string; type: string }[];
    expect(inFrame.findIndex((notice) => notice.key === `c1:n${i}:1` && notice.type === "result")).toBeLessThan(inFrame.findIndex((notice) => notice.key === `c1:n${i + 1}:1` && notice.type === "started"));
  }
  submitter.close();
});

it("W5, J6: a frame of 100 submits, 99 of them ahead (200 keys to look up), is one decision that runs the whole chain", async () => {
  const submitter = await connectSubmitter(relay.url, editor, { batch: true });
  submitter.sendRaw(chainFrame("c7", 100, "noop"));
  expect((await submitter.next("c7:n99:1", "result", 30_000)).outcome).toEqual({ ok: true, output: { hello: "world" } });
  expect(submitter.notices.filter((notice) => notice.type === "accepted").length).toBe(100);
  submitter.close();
});

it("J8: a failed predecessor removes its waiters in turn; their keys are free for a normal submit", async () => {
  const submitter = await connectSubmitter(relay.url, editor, { batch: true });
  const jobs = [nodeJob("c2:n0:1", "no.such.type"), ahead(nodeJob("c2:n1:1", "noop"), "c2:n0:1"), ahead(nodeJob("c2:n2:1", "noop"), "c2:n1:1")];
  submitter.sendRaw(JSON.stringify(jobs));
  expect((await submitter.next("c2:n0:1", "result")).outcome).toMatchObject({ ok: false, error: { code: "NO_EXECUTOR" } });
  expect((await submitter.next("c2:n1:1", "removed")).reason).toContain("c2:n0:1, which it waited on, ended NO_EXECUTOR");
  expect((await submitter.next("c2:n2:1", "removed")).reason).toContain("c2:n1:1, which it waited on, was removed");
  expect(frameOf(submitter, "c2:n1:1", "removed")).toBe(frameOf(submitter, "c2:n0:1", "result"));
  submitter.close();
  const again = await connectSubmitter(relay.url, editor, { batch: true });
  again.send(nodeJob("c2:n1:1", "noop"));
  expect(await again.next("c2:n1:1", "accepted")).toMatchObject({ status: expect.stringMatching(/queued|leased/) });
  expect((await again.next("c2:n1:1", "result")).outcome).toEqual({ ok: true, output: { hello: "world" } });
  again.close();
});

it("J8: a predecessor that ends on another port removes its waiter", async () => {
  const submitter = await connectSubmitter(relay.url, editor, { batch: true });
  submitter.sendRaw(JSON.stringify([nodeJob("c3:n0:1", "noop"), ahead(nodeJob("c3:n1:1", "noop"), "c3:n0:1", "false")]));
  expect((await submitter.next("c3:n0:1", "result")).outcome).toMatchObject({ ok: true });
  expect((await submitter.next("c3:n1:1", "removed")).reason).toContain('on port "out", not "false"');
  submitter.close();
});

it("J8, J9: cancelling a waiting job removes it and its waiters; a waiter on an unknown key is refused with words", async () => {
  const submitter = await connectSubmitter(relay.url, editor, { batch: true });
  submitter.sendRaw(JSON.stringify([nodeJob("c4:n0:1", "noop", {}, ["nobody"]), ahead(nodeJob("c4:n1:1", "noop"), "c4:n0:1"), ahead(nodeJob("c4:n2:1", "noop"), "c4:n1:1")]));
  await submitter.next("c4:n2:1", "accepted");
  submitter.send({ type: "cancel", key: "c4:n1:1", reason: "run cancelled" });
  expect((await submitter.next("c4:n1:1", "removed")).reason).toBe("cancelled before it ran: run cancelled");
  await submitter.next("c4:n2:1", "removed");
  submitter.send({ type: "cancel", key: "c4:n0:1" });
  expect((await submitter.next("c4:n0:1", "result")).outcome).toMatchObject({ ok: false, error: { code: "CANCELLED" } });

  submitter.send(ahead(nodeJob("c4:z:1", "noop"), "c4:never:1"));
  expect((await submitter.next("c4:z:1", "removed")).reason).toContain("which this hub does not know");
  expect(submitter.notices.some((notice) => notice.key === "c4:z:1" && notice.type === "accepted")).toBe(false);
  submitter.close();
});

it("J1: killed (SIGKILL) after a chain's results and after accepting a waiting chain, the restarted hub runs each job once", async () => {
  const hop = (run: string) => chainFrame(run, 5, "http.request", { method: "POST", url: `${server.url}/hop` });
  const submitter = await connectSubmitter(relay.url, editor, { batch: true });
  submitter.sendRaw(hop("c5"));
  const results = [];
  for (let i = 0; i < 5; i++) results.push((await submitter.next(`c5:n${i}:1`, "result")).outcome);
  // A second chain queued for runners that are not there: accepted (stored), then the kill.
  submitter.sendRaw(chainFrame("c6", 5, "http.request", { method: "POST", url: `${server.url}/held` }, ["gpu"]));
  await submitter.next("c6:n4:1", "accepted");
  await relay.restart("kill");
  submitter.close();

  runners.push(await startRunner(relay.url, await team.token("runner"), { name: "gpu", labels: ["gpu"] }));
  const returning = await connectSubmitter(relay.url, editor, { batch: true });
  returning.sendRaw(hop("c5"));
  for (let i = 0; i < 5; i++) expect((await returning.next(`c5:n${i}:1`, "result")).outcome).toEqual(results[i]);
  await eventually(async () => (hits(server.requests, "/held") === 5 ? true : undefined), 30_000, "the waiting chain to run after the restart");
  returning.sendRaw(chainFrame("c6", 5, "http.request", { method: "POST", url: `${server.url}/held` }, ["gpu"]));
  for (let i = 0; i < 5; i++) expect((await returning.next(`c6:n${i}:1`, "result")).outcome).toMatchObject({ ok: true });
  expect(hits(server.requests, "/hop")).toBe(5);
  expect(hits(server.requests, "/held")).toBe(5);
  returning.close();
});
