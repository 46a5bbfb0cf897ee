import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JobOutcome } from "@nexus-flow/shared/protocol";
import { createJobBook, type Effect, type JobAfter, type JobBook } from "./job-book.ts";
import { cancelJob, connectRunner, expireLeases, onRunnerMessage, submitJob } from "./lease-rules.ts";

const hello = (slots = 1) => ({ name: "w1", labels: [], slots, version: "1", connections: [], leases: [] });
const payload = (input: unknown = null) => ({ runId: "r", nodeId: "n", type: "noop", config: {}, input, runInput: null, attempt: 1 });
const submit = (book: JobBook, id: string, after?: JobAfter, now = 0) => submitJob(book, { id, kind: "node", labels: [], payload: payload(), reofferBudget: 0, ...(after ? { after } : {}) }, now);
const offers = (effects: readonly Effect[]) => effects.flatMap((effect) => (effect.kind === "send" && effect.message.type === "job" ? [effect.message.job.jobId] : []));
const removed = (effects: readonly Effect[]) => effects.flatMap((effect) => (effect.kind === "removed" ? [effect.jobId] : []));
const finishLeased = (book: JobBook, id: string, outcome: JobOutcome, now = 1) => onRunnerMessage(book, "w1", { type: "result", jobId: id, epoch: book.jobs.get(id)!.epoch, outcome }, now);

describe("J6–J9 jobs submitted ahead", () => {
  it("J6, J7: a waiter is never offered before its predecessor's result, and is offered in the decision that stores it, with its output as input", () => {
    const book = createJobBook();
    connectRunner(book, "w1", hello(4), 0);
    expect(offers(submit(book, "a").effects)).toEqual(["a"]);
    const b = submit(book, "b", { key: "a", port: "out", defaultPort: "out" });
    expect(b.job.status).toBe("waiting");
    expect(offers(b.effects)).toEqual([]); // a free slot, and still not offered
    const effects = finishLeased(book, "a", { ok: true, output: { n: 1 } });
    expect(effects.map((effect) => effect.kind)).toEqual(["send", "finished", "send", "started"]); // done(a), a's result, then b's offer
    expect(offers(effects)).toEqual(["b"]);
    expect((book.jobs.get("b")!.payload as { input: unknown }).input).toEqual({ n: 1 });
  });

  it("J8: a failed predecessor removes its waiter and, in turn, the waiter's own waiters; the keys are free again", () => {
    const book = createJobBook();
    connectRunner(book, "w1", hello(), 0);
    submit(book, "a");
    submit(book, "b", { key: "a" });
    submit(book, "c", { key: "b" });
    const effects = finishLeased(book, "a", { ok: false, error: { code: "BOOM", message: "no", retryable: true } });
    expect(removed(effects)).toEqual(["b", "c"]);
    expect(offers(effects)).toEqual([]);
    expect([...book.removed].sort()).toEqual(["b", "c"]);
    expect(book.jobs.has("b") || book.jobs.has("c")).toBe(false);
    expect(submit(book, "b").created).toBe(true); // a later normal submit is a new job
  });

  it("J8: a predecessor that ends on another port (or without the asked-for default) removes its waiter", () => {
    const book = createJobBook();
    connectRunner(book, "w1", hello(), 0);
    submit(book, "cond");
    submit(book, "yes", { key: "cond", port: "true" });
    expect(removed(finishLeased(book, "cond", { ok: true, output: 1, port: "false" }))).toEqual(["yes"]);
    submit(book, "plain");
    submit(book, "next", { key: "plain", port: "out" }); // no defaultPort: a result naming no port sends nothing on "out"
    expect(removed(finishLeased(book, "plain", { ok: true, output: 1 }))).toEqual(["next"]);
  });

  it("J8: cancelling a waiting job removes it and its waiters; cancelling a queued predecessor removes them too", () => {
    const book = createJobBook();
    submit(book, "a");
    submit(book, "b", { key: "a" });
    submit(book, "c", { key: "b" });
    expect(removed(cancelJob(book, "b", "run cancelled", 1))).toEqual(["b", "c"]);
    submit(book, "b2", { key: "a" });
    expect(removed(cancelJob(book, "a", "run cancelled", 2))).toEqual(["b2"]);
  });

  it("J8: a predecessor whose runner is lost past its budget removes its waiter; one re-offered keeps it waiting", () => {
    const book = createJobBook();
    connectRunner(book, "w1", hello(), 0);
    submitJob(book, { id: "a", kind: "node", labels: [], payload: payload(), reofferBudget: 1 }, 0);
    submit(book, "b", { key: "a" });
    expect(removed(expireLeases(book, book.timings.leaseMs + 1))).toEqual([]);
    expect(book.jobs.get("b")!.status).toBe("waiting");
    expect(removed(expireLeases(book, 3 * book.timings.leaseMs))).toEqual(["b"]);
  });

  it("J9: a waiter on a finished predecessor is settled at once; on an unknown key it is refused with words", () => {
    const book = createJobBook();
    connectRunner(book, "w1", hello(), 0);
    submit(book, "a");
    finishLeased(book, "a", { ok: true, output: "x", port: "out" });
    const late = submit(book, "b", { key: "a", port: "out" });
    expect(offers(late.effects)).toEqual(["b"]);
    const orphan = submit(book, "z", { key: "nobody" });
    expect(orphan.created).toBe(false);
    expect(book.jobs.has("z")).toBe(false);
    expect(orphan.effects).toEqual([{ kind: "removed", jobId: "z", reason: expect.stringContaining("which this hub does not know") }]);
  });

  it("J8: an output over the waiter's payload limit removes it (the submitter's engine fails the predecessor, SPEC B1)", () => {
    const book = createJobBook();
    connectRunner(book, "w1", hello(), 0);
    submit(book, "a");
    submitJob(book, { id: "b", kind: "node", labels: [], payload: { ...payload(), maxPayloadBytes: 1024 }, reofferBudget: 0, after: { key: "a" } }, 0);
    expect(removed(finishLeased(book, "a", { ok: true, output: "y".repeat(2000) }))).toEqual(["b"]);
  });

  it("J1, J7: random chains, outcomes and cancels: no job is offered before its predecessor succeeded on its port, none twice, none left waiting on a finished job (seeded)", () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant("finish" as const), pick: fc.nat(), ok: fc.boolean(), port: fc.constantFrom(undefined, "out", "other") }),
      fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant("submit" as const), pick: fc.nat(), port: fc.constantFrom(undefined, "out") }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.integer({ min: 1, max: 3 }), (steps, slots) => {
        const book = createJobBook();
        const offered = new Map<string, number>();
        const ever = new Map<string, { after?: JobAfter }>();
        const count = (effects: readonly Effect[]) => offers(effects).forEach((id) => offered.set(id, (offered.get(id) ?? 0) + 1));
        connectRunner(book, "w1", hello(slots), 0);
        let next = 0;
        for (const [now, action] of steps.entries()) {
          const ids = [...ever.keys()];
          if (action.kind === "submit" || ids.length === 0) {
            const id = `j${next++}`;
            const before = ids.length ? ids[(action as { pick: number }).pick % ids.length] : undefined;
            const after = before ? { key: before, ...(action.kind === "submit" && action.port ? { port: action.port, defaultPort: "out" } : {}) } : undefined;
            ever.set(id, after ? { after } : {});
            const submitted = submitJob(book, { id, kind: "node", labels: [], payload: payload(), reofferBudget: 0, ...(after ? { after } : {}) }, now);
            count(submitted.effects);
          } else {
            const id = ids[action.pick % ids.length]!;
            const job = book.jobs.get(id);
            if (action.kind === "cancel") count(cancelJob(book, id, "stop", now));
            else if (job?.status === "leased") count(finishLeased(book, id, action.ok ? { ok: true, output: id, ...(action.port ? { port: action.port } : {}) } : { ok: false, error: { code: "E", message: "m", retryable: false } }, now));
          }
          for (const [id, times] of offered) expect(times, `${id} offered once`).toBe(1);
          for (const job of book.jobs.values()) {
            if (!job.after) continue;
            const predecessor = book.jobs.get(job.after.key);
            if (job.status === "waiting") expect(predecessor && predecessor.status !== "finished", `${job.id} waits on an open job`).toBe(true);
            else {
              // Released: its predecessor succeeded on its port, and it runs with that output.
              expect(predecessor?.status).toBe("finished");
              expect(predecessor?.outcome?.ok).toBe(true);
              if (job.after.port) expect((predecessor!.outcome as { port?: string }).port ?? "out").toBe(job.after.port);
              expect((job.payload as { input: unknown }).input).toBe(job.after.key);
            }
          }
          for (const id of book.removed) expect(book.jobs.has(id)).toBe(false);
        }
      }),
      { seed: 11_2026, numRuns: 300 },
    );
  });
});
