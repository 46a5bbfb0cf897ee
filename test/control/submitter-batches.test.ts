/**
 * Submitter batches (PROTOCOL.md W5): a frame of submits is handled as one event, and a
 * submitter that asked for `?batch=1` hears each event's notices as one frame, in order.
 */
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createHubSubmitter } from "@nexus-flow/shared/platform";
import type { JobNotice } from "@nexus-flow/shared/protocol";
import { createTeam, type TestTeam } from "./support/control-api.ts";
import { startRunner, type RunnerProcess } from "./support/runner-process.ts";
import { connectSubmitter, nodeJob } from "./support/submitter.ts";

const relay = inject("controlUrl");
let team: TestTeam;
let runner: RunnerProcess;
let editor: string;

beforeAll(async () => {
  team = await createTeam(relay);
  editor = await team.token("editor");
  runner = await startRunner(relay, await team.token("runner"), { name: "batch-runner", concurrency: 4 });
  await runner.connected();
});
afterAll(async () => {
  await runner?.dispose();
});

const batchOf = (keys: readonly string[], labels: string[] = []) => `[${keys.map((key) => JSON.stringify(nodeJob(key, "noop", {}, labels))).join(",")}]`;

describe("submitter batches (W5)", () => {
  it("W5: a batch of submits is accepted in one frame, in order, and every job runs once", async () => {
    const submitter = await connectSubmitter(relay, editor, { batch: true });
    const keys = ["w5a:n1:1", "w5a:n2:1", "w5a:n3:1"];
    submitter.sendRaw(batchOf(keys));
    const results = await Promise.all(keys.map((key) => submitter.next(key, "result")));
    expect(results.map((result) => result.outcome.ok)).toEqual([true, true, true]);
    // Their waits are counted, written as one upsert per decision: 3 jobs, 3 observations.
    const metrics = await (await fetch(`${relay}/metrics`, { headers: { authorization: `Bearer ${await team.token("metrics" as never)}` } })).text();
    expect(metrics).toMatch(/^nexus_job_wait_seconds_count 3$/m);
    expect(metrics).toMatch(/^nexus_job_wait_seconds_bucket\{le="\+Inf"\} 3$/m);
    // The submits' event answered in one frame: every `accepted`, in submit order.
    const first = submitter.frames[0];
    expect(Array.isArray(first)).toBe(true);
    expect(first.filter((notice: { type: string }) => notice.type === "accepted").map((notice: { key: string }) => notice.key)).toEqual(keys);
    // Submitting the same keys again (J1) returns the kept results, again in one frame.
    const before = submitter.frames.length;
    submitter.sendRaw(batchOf(keys));
    await expect.poll(() => submitter.frames.length).toBeGreaterThan(before);
    const again = submitter.frames[before];
    expect(again.map((notice: { type: string; key: string }) => `${notice.type} ${notice.key}`)).toEqual(keys.flatMap((key) => [`accepted ${key}`, `result ${key}`]));
    submitter.close();
  });

  it("W5, J1, J3: one batch with a kept result, a new key and that key again: each answered, the new job runs once", async () => {
    const submitter = await connectSubmitter(relay, editor, { batch: true });
    submitter.send(nodeJob("w5f:old:1", "noop"));
    await submitter.next("w5f:old:1", "result");
    // The hub looks the batch's keys up in one query; a key it stored, one it never saw, and a repeat each get their own answer.
    const before = submitter.frames.length;
    submitter.sendRaw(batchOf(["w5f:old:1", "w5f:new:1", "w5f:new:1"]));
    await expect.poll(() => submitter.frames.length).toBeGreaterThan(before);
    // (The new job's `started` may come in between: its lease is part of the same event.)
    const answers = (submitter.frames[before] as Array<{ type: string; key: string; status?: string }>).filter((notice) => notice.type !== "started").map((notice) => `${notice.type} ${notice.key}${notice.status ? ` ${notice.status}` : ""}`);
    expect(answers.slice(0, 4)).toEqual(["accepted w5f:old:1 finished", "result w5f:old:1", expect.stringMatching(/^accepted w5f:new:1 /), expect.stringMatching(/^accepted w5f:new:1 /)]);
    expect((await submitter.next("w5f:new:1", "result")).outcome.ok).toBe(true);
    await expect.poll(() => runner.output()).toMatch(/job w5f:new:1: done/);
    expect(runner.output().match(/job w5f:new:1: started/g)).toHaveLength(1);
    expect(runner.output().match(/job w5f:old:1: started/g)).toHaveLength(1);
    submitter.close();
  });

  it("W5: without ?batch=1 a submitter may still send a batch, and hears one notice per frame", async () => {
    const submitter = await connectSubmitter(relay, editor);
    const keys = ["w5b:n1:1", "w5b:n2:1"];
    submitter.sendRaw(batchOf(keys));
    await Promise.all(keys.map((key) => submitter.next(key, "result")));
    expect(submitter.frames.some((frame) => Array.isArray(frame))).toBe(false);
    submitter.close();
  });

  it("W5, W2: a batch with a bad message is refused whole, with the message's place in the batch", async () => {
    const submitter = await connectSubmitter(relay, editor, { batch: true });
    submitter.sendRaw(`[${JSON.stringify(nodeJob("w5c:n1:1", "noop"))},{"type":"submit","labels":[]}]`);
    expect((await submitter.closed).code).toBe(4400);
    expect(submitter.notices).toEqual([expect.objectContaining({ type: "error", message: expect.stringMatching(/^message 2 of the batch: .*key/) })]);
    // None of it was handled: the first job's key is new to the hub.
    const checker = await connectSubmitter(relay, editor);
    checker.send(nodeJob("w5c:n1:1", "noop", {}, ["nobody-has-this"]));
    expect(await checker.next("w5c:n1:1", "accepted")).toMatchObject({ status: "queued", waitingFor: expect.stringContaining("nobody-has-this") });
    checker.send({ type: "cancel", key: "w5c:n1:1" });
    await checker.next("w5c:n1:1", "result");
    checker.close();
  });

  it("W5: more than 100 messages in a batch is refused", async () => {
    const submitter = await connectSubmitter(relay, editor, { batch: true });
    submitter.sendRaw(batchOf(Array.from({ length: 101 }, (_, i) => `w5d:n${i}:1`)));
    expect((await submitter.closed).code).toBe(4400);
    expect(submitter.notices[0]).toMatchObject({ type: "error", message: expect.stringContaining("1 to 100 messages") });
  });

  it("W5: the shared submitter (browser runs, runners' headless runs) asks for batches and reads every notice of one", async () => {
    const notices: JobNotice[] = [];
    const submitter = createHubSubmitter({ url: `${relay.replace(/^http/, "ws")}/api/jobs/connect?token=${editor}`, WebSocket: WebSocket as never, onNotice: (notice) => notices.push(notice) });
    const payload = { runId: "w5e", nodeId: "n1", type: "noop", config: {}, input: { x: 1 }, runInput: null, attempt: 1 };
    expect(await submitter.execute({ key: "w5e:n1:1", labels: [], payload })).toMatchObject({ ok: true, runner: "batch-runner" });
    expect(notices.map((notice) => notice.type).sort()).toEqual(["accepted", "result", "started"]);
    submitter.close();
  });
});
