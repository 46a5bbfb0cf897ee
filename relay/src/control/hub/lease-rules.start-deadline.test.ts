/**
 * Rule L8, schedule-to-start timeouts, under random runner comings and goings: the hub's alarm
 * wakes at `nextWakeAt`, so a job no runner started ends at its deadline to the millisecond,
 * with SCHEDULE_TO_START_TIMEOUT, exactly once; a job leased in time never times out, even
 * when its runner is lost later (L4 takes over); a job without a deadline waits for ever.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createJobBook, type Effect } from "./job-book.ts";
import { connectRunner, disconnectRunner, expireLeases, nextWakeAt, onRunnerMessage, submitJob } from "./lease-rules.ts";

const op = fc.oneof(
  fc.record({ kind: fc.constant("submit" as const), within: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: undefined }), labels: fc.boolean() }),
  fc.record({ kind: fc.constant("connect" as const), runner: fc.nat(1) }),
  fc.record({ kind: fc.constant("disconnect" as const), runner: fc.nat(1) }),
  fc.record({ kind: fc.constant("finish" as const), runner: fc.nat(1) }),
  fc.record({ kind: fc.constant("advance" as const), ms: fc.integer({ min: 1, max: 15_000 }) }),
);

function simulate(ops: readonly (typeof op extends fc.Arbitrary<infer T> ? T : never)[]) {
  const book = createJobBook();
  const runners = [{ id: "r0", labels: [] as string[] }, { id: "r1", labels: ["gpu"] }];
  const connected = new Set<string>();
  const finished = new Map<string, number>();
  const everLeased = new Set<string>();
  let now = 0;
  let submitted = 0;
  const apply = (effects: Effect[]) => {
    for (const effect of effects) {
      if (effect.kind === "finished") finished.set(effect.jobId, (finished.get(effect.jobId) ?? 0) + 1);
      if (effect.kind === "started") everLeased.add(effect.jobId);
    }
  };
  // The Durable Object's alarm: fires at every wake time up to `to`, in order.
  const advanceTo = (to: number) => {
    for (let wake = nextWakeAt(book); wake !== undefined && wake <= to; wake = nextWakeAt(book)) {
      now = Math.max(now, wake);
      apply(expireLeases(book, now));
    }
    now = to;
  };
  for (const o of ops) {
    const runner = "runner" in o ? runners[o.runner]! : undefined;
    if (o.kind === "submit") {
      const spec = { id: `j${submitted++}`, kind: "node" as const, labels: o.labels ? ["gpu"] : [], payload: {}, reofferBudget: 1, ...(o.within ? { scheduleToStartMs: o.within } : {}) };
      apply(submitJob(book, spec, now).effects);
    } else if (o.kind === "connect" && !connected.has(runner!.id)) {
      connected.add(runner!.id);
      apply(connectRunner(book, runner!.id, { name: runner!.id, labels: runner!.labels, slots: 1, version: "1", connections: [], leases: [] }, now));
    } else if (o.kind === "disconnect" && connected.delete(runner!.id)) apply(disconnectRunner(book, runner!.id, now));
    else if (o.kind === "finish" && connected.has(runner!.id)) {
      const held = [...(book.runners.get(runner!.id)?.held ?? [])][0];
      const job = held ? book.jobs.get(held) : undefined;
      if (job) apply(onRunnerMessage(book, runner!.id, { type: "result", jobId: job.id, epoch: job.epoch, outcome: { ok: true, output: null } }, now));
    } else if (o.kind === "advance") advanceTo(now + o.ms);
  }
  advanceTo(now + 60_000);
  return { book, finished, everLeased, now };
}

describe("lease rules, schedule-to-start timeouts (L8)", () => {
  it("a job no runner started ends at its deadline, once; one started in time never times out (seed 20261207)", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const { book, finished, everLeased, now } = simulate(ops);
        for (const job of book.jobs.values()) {
          expect(finished.get(job.id) ?? 0, `${job.id} finished at most once`).toBeLessThanOrEqual(1);
          const timedOut = job.outcome?.ok === false && job.outcome.error.code === "SCHEDULE_TO_START_TIMEOUT";
          if (timedOut) {
            expect(everLeased.has(job.id), `${job.id} timed out, so it never started`).toBe(false);
            expect(job.finishedAt, `${job.id} ended at its deadline`).toBe(job.startBy);
            expect(job.outcome).toMatchObject({ error: { retryable: false, message: expect.stringMatching(/^no runner started this job within \d+ ms of its submit \(it was waiting for /) } });
          }
          if (job.startBy === undefined) expect(timedOut).toBe(false);
          // Still queued and never leased past its deadline is impossible: the alarm ended it.
          if (job.status === "queued" && job.epoch === 0 && job.startBy !== undefined) expect(job.startBy).toBeGreaterThan(now);
        }
        for (const id of book.startDeadlines) expect(book.jobs.get(id)!.status).toBe("queued");
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });

  it("says what the job waited for, and a job leased in time is not timed out after its runner is lost", () => {
    const book = createJobBook();
    submitJob(book, { id: "gpu", kind: "node", labels: ["gpu"], payload: {}, reofferBudget: 1, scheduleToStartMs: 2_000 }, 0);
    submitJob(book, { id: "any", kind: "node", labels: [], payload: {}, reofferBudget: 1, scheduleToStartMs: 2_000 }, 0);
    connectRunner(book, "a", { name: "a", labels: [], slots: 1, version: "1", connections: [], leases: [] }, 1_000);
    disconnectRunner(book, "a", 1_500); // "any" was leased in time; its lease now waits out the grace
    expect(nextWakeAt(book)).toBe(2_000);
    const effects = expireLeases(book, 2_000);
    expect(effects).toEqual([{ kind: "finished", jobId: "gpu" }]);
    expect(book.jobs.get("gpu")!.outcome).toEqual({ ok: false, error: { code: "SCHEDULE_TO_START_TIMEOUT", retryable: false, message: "no runner started this job within 2000 ms of its submit (it was waiting for a runner with labels gpu)" } });
    expect(book.jobs.get("any")).toMatchObject({ status: "leased", epoch: 1 });
    expireLeases(book, 1_500 + book.timings.reconnectGraceMs);
    expect(book.jobs.get("any")).toMatchObject({ status: "queued" }); // re-offered (L4), not timed out
    expect(expireLeases(book, 100_000)).toEqual([]);
  });
});
