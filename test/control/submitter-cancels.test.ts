/**
 * Cancels reach the hub across a dropped socket (PROTOCOL.md J5): the hub answers every cancel,
 * and the shared submitter keeps each one until it is answered, sending it again after a
 * reconnect. Before, a cancel made while the socket was down was dropped: the aborted job
 * stayed queued (its submit was even sent again), and a withdrawn waiter stayed at the hub.
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
  runner = await startRunner(relay, await team.token("runner"), { name: "cancel-runner", concurrency: 2 });
  await runner.connected();
});
afterAll(async () => {
  await runner?.dispose();
});

/** The shared submitter on `ws`, keeping every socket it opens so a test can drop one, and every notice. */
function droppableSubmitter() {
  const sockets: WebSocket[] = [];
  class Tracked extends WebSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  const notices: JobNotice[] = [];
  const submitter = createHubSubmitter({ url: `${relay.replace(/^http/, "ws")}/api/jobs/connect?token=${editor}`, WebSocket: Tracked as never, onNotice: (notice) => notices.push(notice) });
  return { submitter, sockets, notices };
}

/** A job no runner takes (its label is nobody's): it stays queued until cancelled. */
const unassignable = (key: string) => {
  const [runId, nodeId] = key.split(":");
  return { key, labels: ["nobody-has-this"], payload: { runId, nodeId, type: "noop", config: {}, input: {}, runInput: null, attempt: 1 } };
};

describe("cancels across a dropped socket (J5)", () => {
  it("J5: the hub answers a cancel of a key it does not hold with `removed`, and of a finished job with its result", async () => {
    const submitter = await connectSubmitter(relay, editor);
    submitter.send({ type: "cancel", key: "j5u:never:1", reason: "test" });
    expect((await submitter.next("j5u:never:1", "removed")).reason).toMatch(/no such job/);
    submitter.send(nodeJob("j5u:done:1", "noop"));
    expect((await submitter.next("j5u:done:1", "result")).outcome.ok).toBe(true);
    submitter.send({ type: "cancel", key: "j5u:done:1", reason: "too late" });
    await expect.poll(() => submitter.notices.filter((notice) => notice.key === "j5u:done:1" && notice.type === "result").length).toBe(2);
    expect(submitter.notices.filter((notice) => notice.key === "j5u:done:1" && notice.type === "result").every((notice) => notice.outcome.ok)).toBe(true);
    submitter.close();
  });

  it("J5: a call aborted while the socket is down is cancelled at the hub after the reconnect, not submitted again", async () => {
    const { submitter, sockets, notices } = droppableSubmitter();
    const abort = new AbortController();
    const call = submitter.execute(unassignable("j5d:n1:1"), abort.signal);
    await expect.poll(() => notices.some((notice) => notice.type === "accepted" && notice.key === "j5d:n1:1")).toBe(true);
    sockets[0]!.terminate();
    abort.abort("the run was cancelled");
    expect(await call).toMatchObject({ ok: false, error: { code: "CANCELLED" } });
    // The hub heard the cancel once the submitter was back: the queued job ended cancelled.
    await expect.poll(() => notices.find((notice) => notice.type === "result" && notice.key === "j5d:n1:1"), { timeout: 15_000 }).toMatchObject({ outcome: { ok: false, error: { code: "CANCELLED" } } });
    expect(sockets.length).toBeGreaterThan(1);
    const check = await connectSubmitter(relay, editor);
    check.send(nodeJob("j5d:n1:1", "noop", {}, ["nobody-has-this"]));
    expect(await check.next("j5d:n1:1", "accepted")).toMatchObject({ status: "finished" });
    expect(runner.output()).not.toMatch(/job j5d:n1:1: started/);
    check.close();
    submitter.close();
  });

  it("J5, J8: a waiter withdrawn while the socket is down is removed at the hub after the reconnect", async () => {
    const { submitter, sockets, notices } = droppableSubmitter();
    const abort = new AbortController();
    const waiter = { ...unassignable("j5w:n2:1"), labels: [], after: { key: "j5w:n1:1" } };
    const call = submitter.execute(unassignable("j5w:n1:1"), abort.signal, [waiter]);
    await expect.poll(() => notices.some((notice) => notice.type === "accepted" && notice.key === "j5w:n2:1")).toBe(true);
    sockets[0]!.terminate();
    submitter.withdraw(["j5w:n2:1"], "the run ended");
    await expect.poll(() => notices.find((notice) => notice.type === "removed" && notice.key === "j5w:n2:1"), { timeout: 15_000 }).toMatchObject({ reason: expect.stringMatching(/the run ended/) });
    abort.abort("done");
    await call;
    await expect.poll(() => notices.some((notice) => notice.type === "result" && notice.key === "j5w:n1:1"), { timeout: 15_000 }).toBe(true);
    expect(runner.output()).not.toMatch(/job j5w:n2:1: started/);
    submitter.close();
  });
});
