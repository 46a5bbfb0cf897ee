/**
 * Lease rules under random delivery orders, duplicates, reconnects and stale epochs
 * (PROTOCOL.md L1–L7, C1–C3, J1, J4). Simulated runners hold what the hub sent them and answer
 * in any order; whatever happens, every job ends exactly once, only its lease holder at the
 * current epoch finishes it, and the chunks the hub accepts for a job are 1, 2, 3… with no
 * gap and no repeat.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { HubMessage, LeaseRef } from "@nexus-flow/shared/protocol";
import { createJobBook, type Effect, type JobBook } from "./job-book.ts";
import { connectRunner, disconnectRunner, dispatch, expireLeases, onRunnerMessage, submitJob } from "./lease-rules.ts";

interface SimRunner {
  id: string;
  connected: boolean;
  inbox: HubMessage[];
  /** Leases this runner believes it holds, with the next chunk seq to send. */
  holds: Map<string, { epoch: number; nextSeq: number }>;
  /** Every lease it was ever given, to replay as stale. */
  history: LeaseRef[];
}

const op = fc.oneof(
  fc.record({ kind: fc.constant("submit" as const) }),
  fc.record({ kind: fc.constant("deliver" as const), runner: fc.nat(2) }),
  fc.record({ kind: fc.constant("work" as const), runner: fc.nat(2), chunks: fc.nat(2), finish: fc.boolean() }),
  fc.record({ kind: fc.constant("heartbeat" as const), runner: fc.nat(2) }),
  fc.record({ kind: fc.constant("disconnect" as const), runner: fc.nat(2), forget: fc.boolean() }),
  fc.record({ kind: fc.constant("connect" as const), runner: fc.nat(2) }),
  fc.record({ kind: fc.constant("advance" as const), ms: fc.integer({ min: 1, max: 12_000 }) }),
  fc.record({ kind: fc.constant("replay" as const), runner: fc.nat(2), pick: fc.nat(50), seq: fc.nat(5) }),
);

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function simulate(ops: readonly Op[]) {
  const book = createJobBook();
  const runners: SimRunner[] = [0, 1, 2].map((i) => ({ id: `r${i}`, connected: false, inbox: [], holds: new Map(), history: [] }));
  const finishedCount = new Map<string, number>();
  const accepted = new Map<string, number[]>();
  const finishers = new Map<string, string>();
  let now = 1_000;
  let submitted = 0;

  const apply = (effects: Effect[]) => {
    for (const effect of effects) {
      if (effect.kind === "send") {
        const runner = runners.find((r) => r.id === effect.runnerId)!;
        if (runner.connected) runner.inbox.push(effect.message);
      } else if (effect.kind === "finished") finishedCount.set(effect.jobId, (finishedCount.get(effect.jobId) ?? 0) + 1);
      else if (effect.kind === "chunk") accepted.set(effect.jobId, [...(accepted.get(effect.jobId) ?? []), effect.seq]);
    }
  };
  const hello = (runner: SimRunner) => ({ name: runner.id, labels: [], slots: 2, version: "1", connections: [], leases: [...runner.holds].map(([jobId, h]) => ({ jobId, epoch: h.epoch })) });
  const send = (runner: SimRunner, message: Parameters<typeof onRunnerMessage>[2]) => {
    if (!runner.connected) return;
    if (message.type === "result") {
      const job = book.jobs.get(message.jobId);
      const before = job && { status: job.status, epoch: job.epoch, runnerId: job.runnerId };
      apply(onRunnerMessage(book, runner.id, message, now));
      if (before?.status !== "finished" && job?.status === "finished") {
        // L2: only the lease holder, at the lease's current epoch, can finish a job.
        expect({ runner: runner.id, epoch: message.epoch }).toEqual({ runner: before?.runnerId, epoch: before?.epoch });
        finishers.set(message.jobId, `${runner.id}@${message.epoch}`);
      }
      return;
    }
    apply(onRunnerMessage(book, runner.id, message, now));
  };
  const deliver = (runner: SimRunner) => {
    const message = runner.inbox.shift();
    if (!message) return;
    if (message.type === "job") {
      runner.holds.set(message.job.jobId, { epoch: message.job.epoch, nextSeq: message.job.nextSeq });
      runner.history.push({ jobId: message.job.jobId, epoch: message.job.epoch });
    } else if (message.type === "welcome") {
      for (const ref of message.dropped) runner.holds.delete(ref.jobId);
      for (const kept of message.kept) runner.holds.set(kept.jobId, { epoch: kept.epoch, nextSeq: kept.ackedSeq + 1 });
    } else if (message.type === "stale" || message.type === "done") runner.holds.delete(message.jobId);
    else if (message.type === "ack") {
      const hold = runner.holds.get(message.jobId);
      if (hold && message.seq + 1 < hold.nextSeq) hold.nextSeq = message.seq + 1; // resend from the hub's position
    }
  };
  const work = (runner: SimRunner, chunks: number, finish: boolean) => {
    const first = [...runner.holds][0];
    if (!first) return;
    const [jobId, hold] = first;
    for (let i = 0; i < chunks; i++) send(runner, { type: "chunk", jobId, epoch: hold.epoch, seq: hold.nextSeq++, lines: [] });
    if (finish) send(runner, { type: "result", jobId, epoch: hold.epoch, outcome: { ok: true, output: runner.id } });
  };

  const step = (o: Op) => {
    const runner = "runner" in o ? runners[o.runner]! : undefined;
    switch (o.kind) {
      case "submit":
        apply(submitJob(book, { id: `j${submitted++}`, kind: "node", labels: [], payload: {}, reofferBudget: 2 }, now).effects);
        break;
      case "deliver":
        deliver(runner!);
        break;
      case "work":
        work(runner!, o.chunks, o.finish);
        break;
      case "heartbeat":
        send(runner!, { type: "heartbeat", leases: [...runner!.holds].map(([jobId, h]) => ({ jobId, epoch: h.epoch })) });
        break;
      case "disconnect":
        if (!runner!.connected) break;
        runner!.connected = false;
        runner!.inbox = [];
        if (o.forget) runner!.holds.clear(); // a restart: the process lost its memory
        apply(disconnectRunner(book, runner!.id, now));
        break;
      case "connect":
        if (runner!.connected) break;
        runner!.connected = true;
        apply(connectRunner(book, runner!.id, hello(runner!), now));
        break;
      case "advance":
        now += o.ms;
        apply(expireLeases(book, now));
        break;
      case "replay": {
        const ref = runner!.history[o.pick % Math.max(1, runner!.history.length)];
        if (ref) send(runner!, o.seq % 2 ? { type: "result", ...ref, outcome: { ok: true, output: "stale" } } : { type: "chunk", ...ref, seq: o.seq + 1, lines: [] });
        break;
      }
    }
  };
  for (const o of ops) step(o);
  // Quiesce: every runner comes back and works honestly until nothing is left.
  for (const runner of runners) step({ kind: "connect", runner: Number(runner.id.slice(1)) });
  for (let round = 0; round < 500 && [...book.jobs.values()].some((j) => j.status !== "finished"); round++) {
    for (const runner of runners) {
      while (runner.inbox.length) deliver(runner);
      work(runner, 1, true);
    }
    if (round % 10 === 9) step({ kind: "advance", ms: 11_000 });
    apply(dispatch(book, now));
  }
  return { book, finishedCount, accepted, finishers, submitted };
}

function check({ book, finishedCount, accepted, submitted }: ReturnType<typeof simulate>) {
  expect(book.jobs.size).toBe(submitted);
  for (const job of book.jobs.values()) {
    expect(job.status, job.id).toBe("finished");
    expect(finishedCount.get(job.id), `${job.id} finished once`).toBe(1);
    const seqs = accepted.get(job.id) ?? [];
    expect(seqs, `${job.id} chunks in order, once`).toEqual(seqs.map((_, i) => i + 1));
  }
  for (const runner of book.runners.values()) for (const jobId of runner.held) expect(book.jobs.get(jobId)!.runnerId).toBe(runner.id);
}

describe("lease rules, property (L1–L7, C1–C3, J1, J4)", () => {
  it("every job ends exactly once and its chunks are accepted in order, whatever the delivery order (seed 20261207)", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => check(simulate(ops))),
      { seed: 20261207, numRuns: 300 },
    );
  });

  it("L2: a result from a runner whose lease was re-offered is dropped", () => {
    const book: JobBook = createJobBook();
    const effects: Effect[] = [];
    effects.push(...connectRunner(book, "a", { name: "a", labels: [], slots: 1, version: "1", connections: [], leases: [] }, 0));
    effects.push(...submitJob(book, { id: "j", kind: "node", labels: [], payload: {}, reofferBudget: 1 }, 0).effects);
    expect(book.jobs.get("j")).toMatchObject({ status: "leased", runnerId: "a", epoch: 1 });
    connectRunner(book, "b", { name: "b", labels: [], slots: 1, version: "1", connections: [], leases: [] }, 1);
    expireLeases(book, 20_000);
    expect(book.jobs.get("j")).toMatchObject({ status: "leased", runnerId: "b", epoch: 2 });
    const late = onRunnerMessage(book, "a", { type: "result", jobId: "j", epoch: 1, outcome: { ok: true, output: "late" } }, 20_001);
    expect(late).toEqual([{ kind: "send", runnerId: "a", message: expect.objectContaining({ type: "stale", jobId: "j" }) }]);
    expect(book.jobs.get("j")!.status).toBe("leased");
    onRunnerMessage(book, "b", { type: "result", jobId: "j", epoch: 2, outcome: { ok: true, output: "b" } }, 20_002);
    expect(book.jobs.get("j")!.outcome).toEqual({ ok: true, output: "b" });
  });

  it("L2: after a restart the same runner gets the job at a new epoch; its old epoch's messages are stale", () => {
    const book = createJobBook();
    const hello = { name: "a", labels: [], slots: 1, version: "1", connections: [], leases: [] };
    connectRunner(book, "a", hello, 0);
    submitJob(book, { id: "j", kind: "node", labels: [], payload: {}, reofferBudget: 1 }, 0);
    disconnectRunner(book, "a", 1);
    connectRunner(book, "a", hello, 2); // restarted: it names no lease, so the job is offered again
    expect(book.jobs.get("j")).toMatchObject({ status: "leased", runnerId: "a", epoch: 2 });
    const oldChunk = onRunnerMessage(book, "a", { type: "chunk", jobId: "j", epoch: 1, seq: 1, lines: [] }, 3);
    const oldResult = onRunnerMessage(book, "a", { type: "result", jobId: "j", epoch: 1, outcome: { ok: true, output: "old" } }, 3);
    expect([...oldChunk, ...oldResult].map((e) => e.kind === "send" && e.message.type)).toEqual(["stale", "stale"]);
    expect(book.jobs.get("j")).toMatchObject({ status: "leased", ackedSeq: 0 });
  });

  it("L4: a job whose budget is spent fails RUNNER_LOST, retryable, naming the runner", () => {
    const book = createJobBook();
    connectRunner(book, "a", { name: "gpu-box", labels: ["gpu"], slots: 1, version: "1", connections: [], leases: [] }, 0);
    submitJob(book, { id: "j", kind: "node", labels: ["gpu"], payload: {}, reofferBudget: 0 }, 0);
    disconnectRunner(book, "a", 100);
    const effects = expireLeases(book, 100 + book.timings.reconnectGraceMs);
    expect(effects).toContainEqual({ kind: "lost", jobId: "j", runnerName: "gpu-box", reoffered: false });
    expect(book.jobs.get("j")!.outcome).toMatchObject({ ok: false, error: { code: "RUNNER_LOST", retryable: true, message: expect.stringContaining("gpu-box") } });
  });

  it("L1: a job waits until a runner with its labels has a free slot", () => {
    const book = createJobBook();
    connectRunner(book, "a", { name: "a", labels: ["linux"], slots: 1, version: "1", connections: [], leases: [] }, 0);
    submitJob(book, { id: "gpu-job", kind: "node", labels: ["gpu"], payload: {}, reofferBudget: 0 }, 0);
    expect(book.jobs.get("gpu-job")!.status).toBe("queued");
    const effects = connectRunner(book, "b", { name: "b", labels: ["gpu", "linux"], slots: 1, version: "1", connections: [], leases: [] }, 1);
    expect(effects).toContainEqual(expect.objectContaining({ kind: "started", jobId: "gpu-job", runnerName: "b" }));
  });
});
