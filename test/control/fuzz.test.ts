/**
 * 10,000 seeded hostile frames at the runner socket and the events socket (issue 7, PROTOCOL.md
 * W2): the relay keeps answering, each refused frame closes only its own connection with a
 * reason, and an honest runner attached meanwhile runs headless runs to success with logs
 * that hold exactly its own events. `NEXUS_FUZZ_SEED` replays a failing seed.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { protocolVersion } from "@nexus-flow/shared/protocol";
import { eventually } from "../support/dev-process.ts";
import { call, createTeam, type TestTeam } from "./support/control-api.ts";
import { FrameFuzzer, seededRandom, type FuzzFrame } from "./support/fuzz-frames.ts";
import { FuzzSocket } from "./support/fuzz-socket.ts";
import { startRunner, type RunnerProcess } from "./support/runner-process.ts";

const relay = inject("controlUrl");
const socketBase = relay.replace(/^http/, "ws");
const seed = Number(process.env.NEXUS_FUZZ_SEED ?? 20261207);
const totalFrames = Number(process.env.NEXUS_FUZZ_FRAMES ?? 10_000);

const node = (id: string, type: string, x: number, config: object = {}) => ({ id, type, position: { x, y: 0 }, config });
const chain = (ids: string[]) => ids.slice(1).map((id, i) => ({ id: `e${i}`, source: ids[i]!, target: id }));
/** Short runs the honest runner keeps running while the frames fly. */
const honestFlow = { schemaVersion: 1, id: "fz-honest", name: "Honest", nodes: [node("start", "trigger.manual", 0), node("d1", "delay", 1, { ms: 300 }), node("n1", "noop", 2), node("d2", "delay", 3, { ms: 300 }), node("n2", "noop", 4)], edges: chain(["start", "d1", "n1", "d2", "n2"]) };
/** A run parked on an approval: its events socket stays open for the fuzzer. */
/** A run that holds its runner's lease for 3 s. */
const slowFlow = { schemaVersion: 1, id: "fz-slow", name: "Slow", nodes: [node("start", "trigger.manual", 0), node("d1", "delay", 1, { ms: 3_000 }), node("n1", "noop", 2)], edges: chain(["start", "d1", "n1"]) };
const waitingFlow = { schemaVersion: 1, id: "fz-wait", name: "Waiting", nodes: [node("start", "trigger.manual", 0), node("ok", "approval", 1), node("after", "noop", 2)], edges: chain(["start", "ok", "after"]) };

async function runStatus(team: TestTeam, runId: string): Promise<any> {
  return (await call(relay, team.adminToken, "GET", `/api/runs/${runId}`)).body;
}

async function waitForStatus(team: TestTeam, runId: string, statuses: string[], timeoutMs = 60_000): Promise<any> {
  return eventually(async () => {
    const run = await runStatus(team, runId);
    return statuses.includes(run.status) ? run : undefined;
  }, timeoutMs, `run ${runId} reaching ${statuses.join(" or ")}`);
}

describe("fuzzed frames at the hub's sockets", () => {
  let team: TestTeam;
  let other: TestTeam;
  let honest: RunnerProcess;
  let otherJobId: string;
  let otherRunId: string;
  let waitingRunId: string;
  const fuzzRunnerTokens: string[] = [];

  beforeAll(async () => {
    team = await createTeam(relay, "fuzz");
    other = await createTeam(relay, "fuzz other");
    for (const [t, flow] of [[team, honestFlow], [team, slowFlow], [team, waitingFlow], [other, honestFlow]] as const) {
      expect((await call(relay, t.adminToken, "PUT", `/api/flows/${flow.id}`, flow)).status).toBe(201);
    }
    // The other team has no runner: its run stays queued, and the fuzzer names its job.
    otherRunId = (await call(relay, other.adminToken, "POST", "/api/flows/fz-honest/runs", {})).body.runId;
    otherJobId = `${otherRunId}:1`;
    // More slots than any fuzzer's hello offers: new runs go to the honest runner first.
    honest = await startRunner(relay, await team.token("runner"), { name: "honest", concurrency: 16 });
    await honest.connected();
    waitingRunId = (await call(relay, team.adminToken, "POST", "/api/flows/fz-wait/runs", {})).body.runId;
    await waitForStatus(team, waitingRunId, ["waiting"]);
    for (let i = 0; i < 5; i++) {
      const enrolled = await call(relay, await team.token("runner"), "POST", "/api/runners/enroll", { name: `fuzzer-${i}` });
      expect(enrolled.status).toBe(201);
      fuzzRunnerTokens.push(enrolled.body.token);
    }
  });

  afterAll(async () => {
    await honest?.dispose();
  });

  it("W2, L2: a chunk for a run another runner holds is answered stale, keeps its connection, and leaves the run alone", async () => {
    const runId = (await call(relay, team.adminToken, "POST", "/api/flows/fz-slow/runs", {})).body.runId as string;
    await eventually(async () => ((await runStatus(team, runId)).nodes.d1.status === "waiting" ? true : undefined), 30_000, "the slow run waiting in its delay");
    const { default: WebSocket } = await import("ws");
    const socket = new WebSocket(`${socketBase}/api/runners/connect`, { headers: { authorization: `Bearer ${fuzzRunnerTokens[0]}` } });
    const replies: { type: string; jobId?: string }[] = [];
    socket.on("message", (data) => replies.push(JSON.parse(String(data))));
    let closed: string | undefined;
    socket.on("close", (code, reason) => (closed = `${code} ${String(reason)}`));
    await new Promise((resolve) => socket.once("open", resolve));
    socket.send(JSON.stringify({ type: "hello", protocol: protocolVersion, name: "fuzzer-0", labels: [], slots: 1, version: "fuzz", connections: [], leases: [] }));
    const at = Date.now();
    for (const events of [[{ type: "node.failed", nodeId: "d1", attempt: 1, error: { code: "X", message: "not yours", retryable: false }, at }], [{ type: "nonsense", at }]]) {
      socket.send(JSON.stringify({ type: "chunk", jobId: `${runId}:1`, epoch: 1, seq: 2, events }));
    }
    await eventually(() => {
      if (closed) throw new Error(`the hub closed the connection: ${closed}`);
      return replies.filter((reply) => reply.type === "stale" && reply.jobId === `${runId}:1`).length === 2 ? true : undefined;
    }, 10_000, "two stale answers");
    expect(closed).toBeUndefined();
    socket.close(1000);
    const run = await waitForStatus(team, runId, ["succeeded", "failed"]);
    expect(run).toMatchObject({ status: "succeeded", notes: [], nodes: { d1: { status: "succeeded", attempts: 1 }, n1: { status: "succeeded", attempts: 1, runner: "honest" } } });
    await expectIntactLog(await team.token("viewer"), runId);
  });

  it("W2: a refused frame whose reason quotes non-ASCII text still closes its connection, with a reason", async () => {
    const { default: WebSocket } = await import("ws");
    const socket = new WebSocket(`${socketBase}/api/runners/connect`, { headers: { authorization: `Bearer ${fuzzRunnerTokens[1]}` } });
    await new Promise((resolve) => socket.once("open", resolve));
    const closed = new Promise<[number, string]>((resolve) => socket.once("close", (code, reason) => resolve([code, String(reason)])));
    socket.send(JSON.stringify({ type: "💥".repeat(40) }));
    const [code, reason] = await Promise.race([closed, new Promise<[number, string]>((resolve) => setTimeout(() => resolve([0, "still open after 10 s"]), 10_000))]);
    socket.terminate();
    expect(code).toBe(4400);
    expect(reason).toMatch(/^bad message/);
  });

  it(`W2: ${totalFrames.toLocaleString("en-US")} frames (seed ${seed}) close at most their own connection; the relay and an honest runner carry on`, async () => {
    const otherLogBefore = (await runStatus(other, otherRunId)) as { status: string };
    const honestRuns: string[] = [];
    let currentJob: string | undefined;
    let fuzzing = true;
    // The honest side: headless runs one after another, for as long as the frames fly.
    const honestLoop = (async () => {
      while (fuzzing || honestRuns.length < 2) {
        const runId = (await call(relay, team.adminToken, "POST", "/api/flows/fz-honest/runs", {})).body.runId as string;
        honestRuns.push(runId);
        currentJob = `${runId}:1`;
        await waitForStatus(team, runId, ["succeeded", "failed", "cancelled"]);
      }
    })();

    const fuzzer = new FrameFuzzer(seededRandom(seed), { heldJobId: () => currentJob, otherTeamJobIds: [otherJobId, `${waitingRunId}:1`] });
    const hello = (i: number) => JSON.stringify({ type: "hello", protocol: protocolVersion, name: `fuzzer-${i}`, labels: [], slots: 1, version: "fuzz", connections: [], leases: [] });
    const runnerSockets = fuzzRunnerTokens.map((token, i) => new FuzzSocket(`${socketBase}/api/runners/connect`, token, hello(i)));
    const viewer = await team.token("viewer");
    const eventSockets = [0, 1, 2, 3].map(() => new FuzzSocket(`${socketBase}/api/runs/${waitingRunId}/events`, viewer));
    const sockets = [...runnerSockets, ...eventSockets];
    // Frames are drawn in one seeded sequence, then dealt round-robin: the same seed, the same frames per socket.
    const frames: FuzzFrame[] = Array.from({ length: totalFrames }, () => fuzzer.next());
    const health: number[] = [];
    await Promise.all(
      sockets.map(async (socket, s) => {
        for (let i = s; i < frames.length; i += sockets.length) {
          // The events socket takes no messages at all: every frame there must close it.
          await socket.send(s >= runnerSockets.length ? { ...frames[i]!, mustClose: true } : frames[i]!);
          if (i % 500 === s) health.push((await fetch(`${relay}/healthz`)).status);
          if (i % 1000 === s) console.error(`fuzz: frame ${i} on socket ${s} at ${new Date().toISOString().slice(11, 19)}; ${socket.connections} connections, ${socket.violations.length} violations`);
        }
        socket.close();
      }),
    );
    fuzzing = false;
    await honestLoop;

    const violations = sockets.flatMap((socket) => socket.violations);
    expect(violations.slice(0, 20), `${violations.length} violations`).toEqual([]);
    expect(health.every((status) => status === 200)).toBe(true);
    expect((await fetch(`${relay}/healthz`)).status).toBe(200);
    // Every refused frame closed its own connection: the fuzzers reconnected many times.
    const refused = sockets.flatMap((socket) => socket.closes).filter((close) => close.code !== 1000);
    expect(refused.length).toBeGreaterThan(totalFrames * 0.3);
    // Jobs the fuzzers named but did not hold were answered as stale, not obeyed.
    expect(runnerSockets.flatMap((socket) => socket.replies).some((reply) => reply.includes('"stale"'))).toBe(true);

    // The honest runner never lost its connection or a lease.
    expect(honest.output()).not.toMatch(/lost the connection|refused|handed back/);
    // A heartbeat sent between a result and its `done` names a finished lease and hears
    // "stale" (a benign race of L3 and J4); a lease taken from a job still running is not.
    const output = honest.output();
    for (const [line, jobId] of output.matchAll(/job (\S+): the relay says this runner no longer holds it[^\n]*/g)) {
      expect(output.slice(0, output.indexOf(line)), line).toContain(`job ${jobId}: done in`);
    }
    for (const runId of honestRuns) {
      const run = await runStatus(team, runId);
      expect(run, runId).toMatchObject({ status: "succeeded", notes: [] });
      for (const [id, record] of Object.entries(run.nodes as Record<string, { status: string; attempts: number; runner?: string }>)) {
        expect(record, `${runId} ${id}`).toMatchObject({ status: "succeeded" });
        if (id !== "start") expect(record, `${runId} ${id}`).toMatchObject({ attempts: 1 });
        if (id.startsWith("n")) expect(record, `${runId} ${id}`).toMatchObject({ runner: "honest" });
      }
      await expectIntactLog(viewer, runId);
    }

    // The parked run the fuzzer watched, and the other team's queued run, are as they were.
    expect(await runStatus(team, waitingRunId)).toMatchObject({ status: "waiting", notes: [] });
    expect(await runStatus(other, otherRunId)).toEqual(otherLogBefore);
    expect((await call(relay, team.adminToken, "POST", `/api/runs/${waitingRunId}/signals`, { nodeId: "ok", decision: "approve" })).status).toBe(202);
    expect(await waitForStatus(team, waitingRunId, ["succeeded", "failed"])).toMatchObject({ status: "succeeded", notes: [] });
    await expectIntactLog(viewer, waitingRunId);
    const runners = (await call(relay, team.adminToken, "GET", "/api/runners")).body.runners as { name: string; connected: boolean; running: number }[];
    expect(runners.find((runner) => runner.name === "honest")).toMatchObject({ connected: true, running: 0 });
  }, 600_000);
});

/** The run's log from its events socket: numbered 1, 2, 3… with no gap or repeat, each node started once per attempt. */
async function expectIntactLog(token: string, runId: string): Promise<void> {
  const entries: { seq: number; entry: { type?: string; nodeId?: string; attempt?: number; note?: unknown } }[] = [];
  const { default: WebSocket } = await import("ws");
  await new Promise<void>((resolve, reject) => {
    const socket = new WebSocket(`${socketBase}/api/runs/${runId}/events`, { headers: { authorization: `Bearer ${token}` } });
    socket.on("message", (data) => {
      const message = JSON.parse(String(data));
      if (message.type === "end") resolve();
      else entries.push(message);
    });
    socket.once("error", reject);
    socket.once("close", () => resolve());
  });
  expect(entries.map((stored) => stored.seq)).toEqual(entries.map((_, i) => i + 1));
  expect(entries.filter((stored) => "note" in stored.entry)).toEqual([]);
  const starts = entries.filter((stored) => stored.entry.type === "node.started").map((stored) => `${stored.entry.nodeId}#${stored.entry.attempt}`);
  expect(new Set(starts).size).toBe(starts.length);
  expect(entries.filter((stored) => stored.entry.type === "run.finished")).toHaveLength(1);
}
