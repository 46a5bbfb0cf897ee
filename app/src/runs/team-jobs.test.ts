import { describe, expect, it } from "vitest";
import type { FlowNode, NodeExecution } from "@nexus-flow/shared";
import type { HubSubmitter, HubSubmitterOptions } from "@nexus-flow/shared/platform";
import type { JobOutcome } from "@nexus-flow/shared/protocol";
import { createTeamJobs } from "./team-jobs.ts";
import { describeNote, type JobNote } from "./job-notes.ts";

const node = (runner?: { labels: string[] }): FlowNode => ({ id: "call", type: "noop", position: { x: 0, y: 0 }, config: {}, ...(runner ? { runner } : {}) }) as FlowNode;
const execution = (): NodeExecution => ({ runId: "r1", nodeId: "call", config: {}, input: null, runInput: null, attempt: 1, idempotencyKey: "r1:call", signal: new AbortController().signal, maxPayloadBytes: 1 << 20, nodeOutput: () => undefined, services: { now: () => 0 } });
const editorToken = `x.${btoa(JSON.stringify({ role: "editor" })).replace(/=+$/, "")}.y`;
const kept = async () => ({ relayUrl: "http://127.0.0.1:9", token: editorToken });
const noLocal = async () => new Response("", { status: 404 });

describe("runner-placed nodes in a browser run", () => {
  it("leaves browser nodes to the tab", async () => {
    const jobs = createTeamJobs({ readKept: kept, fetchLocal: noLocal, online: () => true, onNote: () => {} });
    expect((await jobs.executorFor())(node())).toBeUndefined();
  });

  it("fails at once without a team or offline, saying why", async () => {
    const none = createTeamJobs({ readKept: async () => undefined, fetchLocal: noLocal, online: () => true, onNote: () => {} });
    await expect((await none.executorFor())(node({ labels: ["gpu"] }))!(execution())).rejects.toMatchObject({ data: { code: "NO_TEAM", retryable: false, message: expect.stringContaining("with labels gpu, but this browser is not connected to a team") } });
    const offline = createTeamJobs({ readKept: kept, fetchLocal: noLocal, online: () => false, onNote: () => {} });
    await expect((await offline.executorFor())(node({ labels: [] }))!(execution())).rejects.toMatchObject({ data: { code: "OFFLINE", message: expect.stringContaining("offline") } });
  });

  it("submits with the key runId:nodeId:attempt on the team's jobs socket, and follows the notices to 'ran on'", async () => {
    const notes: JobNote[] = [];
    let options: HubSubmitterOptions | undefined;
    const submitted: string[] = [];
    const createSubmitter = (given: HubSubmitterOptions): HubSubmitter => {
      options = given;
      return {
        async execute(job) {
          submitted.push(job.key);
          given.onNotice?.({ type: "accepted", key: job.key, jobId: "j1", status: "queued", waitingFor: "a runner with labels linux" });
          given.onNotice?.({ type: "started", key: job.key, runner: "builder-1", epoch: 1 });
          given.onNotice?.({ type: "result", key: job.key, runner: "builder-1", outcome: { ok: true, output: { done: true } } });
          return { ok: true, output: { done: true }, runner: "builder-1" };
        },
        submitAhead() {},
        withdraw() {},
        close() {},
      };
    };
    const jobs = createTeamJobs({ readKept: kept, fetchLocal: noLocal, online: () => true, onNote: (note) => notes.push(note), createSubmitter });
    const result = await (await jobs.executorFor())(node({ labels: ["linux"] }))!(execution());
    expect(result).toEqual({ output: { done: true } });
    expect(submitted).toEqual(["r1:call:1"]);
    expect(options?.url).toBe(`ws://127.0.0.1:9/api/jobs/connect?token=${encodeURIComponent(editorToken)}`);
    expect(notes.map(describeNote)).toEqual(["sent to the team's hub (labels linux)", "queued — waiting for a runner with labels linux", "running on builder-1", "ran on builder-1"]);
  });

  /** A hub that answers every submit with `waitingFor` and, once cancelled, with a CANCELLED result. */
  function queuingHub(waitingFor: string) {
    const cancelled: string[] = [];
    const createSubmitter = (given: HubSubmitterOptions): HubSubmitter => ({
      execute(job, signal) {
        const result = new Promise<JobOutcome>((resolve) => signal?.addEventListener("abort", () => (cancelled.push(job.key), resolve({ ok: false, error: { code: "CANCELLED", message: "cancelled", retryable: false } }))));
        given.onNotice?.({ type: "accepted", key: job.key, jobId: "j1", status: "queued", waitingFor });
        return result;
      },
      submitAhead() {},
      withdraw() {},
      close() {},
    });
    return { cancelled, createSubmitter };
  }

  it("fails at once, cancelling the job, when the hub says no runner can take it", async () => {
    const hub = queuingHub("waiting for a runner with labels gpu");
    const jobs = createTeamJobs({ readKept: kept, fetchLocal: noLocal, online: () => true, onNote: () => {}, createSubmitter: hub.createSubmitter });
    await expect((await jobs.executorFor("f1"))(node({ labels: ["gpu"] }))!(execution())).rejects.toMatchObject({ data: { code: "NO_RUNNER", retryable: false, message: expect.stringContaining("no runner that can take it is online") } });
    expect(hub.cancelled).toEqual(["r1:call:1"]);
  });

  it("waits while every able runner is busy, and when the flow queues until a runner is online", async () => {
    const busy = queuingHub("waiting for a free runner slot");
    const jobs = createTeamJobs({ readKept: kept, fetchLocal: noLocal, online: () => true, onNote: () => {}, createSubmitter: busy.createSubmitter });
    const waiting = (await jobs.executorFor("f1"))(node({ labels: [] }))!(execution());
    const queued = queuingHub("waiting for a runner with labels gpu");
    const queuing = createTeamJobs({ readKept: kept, fetchLocal: noLocal, online: () => false, queueUntilOnline: async (flowId) => flowId === "f1", onNote: () => {}, createSubmitter: queued.createSubmitter });
    const parked = (await queuing.executorFor("f1"))(node({ labels: ["gpu"] }))!(execution());
    const settled = await Promise.race([Promise.allSettled([waiting, parked]), new Promise((resolve) => setTimeout(() => resolve("still waiting"), 50))]);
    expect(settled).toBe("still waiting");
    expect([busy.cancelled, queued.cancelled]).toEqual([[], []]);
  });

  it("sends runner-only types (db.query) to the hub even without a placement of their own", async () => {
    const jobs = createTeamJobs({ readKept: kept, fetchLocal: noLocal, online: () => true, onNote: () => {} });
    const executorFor = await jobs.executorFor();
    expect(executorFor({ id: "q", type: "db.query", position: { x: 0, y: 0 }, config: { connection: "warehouse", sql: "SELECT 1" } } as FlowNode)).toBeDefined();
  });
});
