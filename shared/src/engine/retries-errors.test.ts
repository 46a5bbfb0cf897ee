import { describe, expect, it } from "vitest";
import { flow } from "../../test-support/flow-builder.ts";
import { run, statuses, trace } from "../../test-support/run-harness.ts";
import { after, callsOf, failTimes, finalError, hang, retryableError, scriptedExecutor, throws } from "../../test-support/scripted-executors.ts";
import { createVirtualClock } from "../../test-support/virtual-clock.ts";
import { retryDelayMs } from "./retry-policy.ts";
import type { RunEvent } from "./run-event.ts";

type Failed = Extract<RunEvent, { type: "node.failed" }>;
const failures = (log: RunEvent[], id: string) => log.filter((event): event is Failed => event.type === "node.failed" && event.nodeId === id);
const starts = (log: RunEvent[], id: string) => log.filter((event) => event.type === "node.started" && event.nodeId === id);

//   s ─► r ─► after
function retryFlow(r: object) {
  return flow().trigger("s").node("r", { type: "noop", config: {}, ...r }).noop("after").chain("s", "r", "after").compile();
}

describe("retries (R)", () => {
  //   s ─► r(fails once, retryable) ─► after
  it("R1: a retryable failure with attempts left logs retryAt, and the next attempt starts then", async () => {
    const x = scriptedExecutor({ r: failTimes(1) });
    const { handle, log } = run(retryFlow({ retry: { maxAttempts: 3, initialDelayMs: 1000 } }), { ports: { executors: { noop: x.executor } } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(handle.state.nodes.r!.status).toBe("retrying");
    const state = await handle.done;
    const [failed] = failures(log, "r");
    expect(failed).toMatchObject({ attempt: 1, error: { code: "FLAKY", retryable: true } });
    expect(failed!.retryAt! - failed!.at).toBe(750); // 500 fixed + 0.5 × 500 jitter
    expect(starts(log, "r")[1]).toMatchObject({ attempt: 2, at: failed!.retryAt });
    expect(state.nodes.r).toMatchObject({ status: "succeeded", attempts: 2 });
    expect(state.nodes.r!.error).toBeUndefined();
  });

  //   s ─► r(throws a non-retryable error; retry allows 5) ─► after
  it("R1: a non-retryable failure is final at once", async () => {
    const x = scriptedExecutor({ r: throws(finalError("bad config", "BAD")) });
    const { handle, log } = run(retryFlow({ retry: { maxAttempts: 5 } }), { ports: { executors: { noop: x.executor } } });
    const state = await handle.done;
    expect(callsOf(x.calls, "r")).toHaveLength(1);
    expect(failures(log, "r")).toHaveLength(1);
    expect(failures(log, "r")[0]!.retryAt).toBeUndefined();
    expect(state.nodes.r).toMatchObject({ status: "failed", error: { code: "BAD" } });
  });

  //   s ─► r(always fails, retryable; 2 attempts) ─► after
  it("R1: the last allowed attempt's failure is final and keeps its error", async () => {
    const x = scriptedExecutor({ r: failTimes(10) });
    const { handle, log } = run(retryFlow({ retry: { maxAttempts: 2, initialDelayMs: 10 } }), { ports: { executors: { noop: x.executor } } });
    const state = await handle.done;
    expect(failures(log, "r").map((event) => event.retryAt !== undefined)).toEqual([true, false]);
    expect(state.nodes.r).toMatchObject({ status: "failed", attempts: 2, error: { message: "attempt 2 failed" } });
  });

  //   s ─► r ─► after        no retry policy: one attempt
  it("R1: without a retry policy a retryable failure is final too", async () => {
    const x = scriptedExecutor({ r: failTimes(1) });
    const state = await run(retryFlow({}), { ports: { executors: { noop: x.executor } } }).handle.done;
    expect(callsOf(x.calls, "r")).toHaveLength(1);
    expect(state.nodes.r!.status).toBe("failed");
  });

  it("R2: backoff is min(maxDelayMs, initialDelayMs · factor^(n-1)), half fixed and half random", () => {
    const policy = { maxAttempts: 9, initialDelayMs: 100, factor: 3, maxDelayMs: 1000 };
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n, () => 1))).toEqual([100, 300, 900, 1000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n, () => 0))).toEqual([50, 150, 450, 500]);
    expect(retryDelayMs(policy, 2, () => 0.5)).toBe(225);
    expect([1, 2, 7].map((n) => retryDelayMs({ maxAttempts: 9 }, n, () => 1))).toEqual([1000, 2000, 60_000]);
  });

  it("R2: a server's Retry-After wins when it is longer, never when shorter", () => {
    const policy = { maxAttempts: 3, initialDelayMs: 1000 };
    expect(retryDelayMs(policy, 1, () => 1, 5000)).toBe(5000);
    expect(retryDelayMs(policy, 1, () => 1, 10)).toBe(1000);
  });

  //   s ─► r(fails 4 times, random jitter 1) ─► after
  it("R2: the engine waits the backoff before each attempt", async () => {
    const x = scriptedExecutor({ r: failTimes(4) });
    const retry = { maxAttempts: 5, initialDelayMs: 100, factor: 3, maxDelayMs: 1000 };
    const { handle, log } = run(retryFlow({ retry }), { ports: { executors: { noop: x.executor }, random: () => 1 } });
    await handle.done;
    expect(failures(log, "r").map((event) => event.retryAt! - event.at)).toEqual([100, 300, 900, 1000]);
    expect(starts(log, "r").map((event) => event.at - log[0]!.at)).toEqual([0, 100, 400, 1300, 2300]);
  });

  //   s ─► r(fails with retryAfterMs 30 s) ─► after
  it("R2: an error's retryAfterMs delays the next attempt past the backoff", async () => {
    const x = scriptedExecutor({ r: failTimes(1, () => retryableError("busy", { retryAfterMs: 30_000 })) });
    const { handle, log } = run(retryFlow({ retry: { maxAttempts: 2, initialDelayMs: 100 } }), { ports: { executors: { noop: x.executor } } });
    await handle.done;
    const [failed] = failures(log, "r");
    expect(failed!.retryAt! - failed!.at).toBe(30_000);
  });

  //   s ─► r(hangs; timeoutMs 500; 2 attempts) ─► after
  it("R3: timeoutMs aborts each attempt and fails it with TIMEOUT, which is retried", async () => {
    const x = scriptedExecutor({ r: hang() });
    const { handle, log } = run(retryFlow({ timeoutMs: 500, retry: { maxAttempts: 2, initialDelayMs: 100 } }), { ports: { executors: { noop: x.executor } } });
    const state = await handle.done;
    expect(x.aborted).toEqual(["r#1", "r#2"]);
    const [first, second] = failures(log, "r");
    expect(first).toMatchObject({ attempt: 1, error: { code: "TIMEOUT", retryable: true } });
    expect(first!.at - starts(log, "r")[0]!.at).toBe(500);
    expect(second).toMatchObject({ attempt: 2, error: { code: "TIMEOUT" } });
    expect(second!.retryAt).toBeUndefined();
    expect(state.nodes.r!.status).toBe("failed");
  });

  //   s ─► r(answers after 100 ms; timeoutMs 500) ─► after
  it("R3: an attempt that finishes in time is not affected by timeoutMs", async () => {
    const clock = createVirtualClock();
    const x = scriptedExecutor({ r: after(clock, 100) });
    const state = await run(retryFlow({ timeoutMs: 500 }), { clock, input: 1, ports: { executors: { noop: x.executor } } }).handle.done;
    expect(state.nodes.r).toMatchObject({ status: "succeeded", output: 1 });
    expect(x.aborted).toEqual([]);
  });
});

describe("errors (E)", () => {
  //   s ─► r(fails, onError continue) ─► after
  it("E1: with onError continue a final failure outputs { error } on the default port and the run goes on", async () => {
    const x = scriptedExecutor({ r: throws(finalError("no such user", "NOT_FOUND")) });
    const { handle } = run(retryFlow({ onError: "continue" }), { ports: { executors: { noop: x.executor } } });
    const state = await handle.done;
    const error = { error: { code: "NOT_FOUND", message: "no such user" } };
    expect(state.nodes.r).toMatchObject({ status: "failed", output: error });
    expect(callsOf(x.calls, "after")[0]!.input).toEqual(error);
    expect(state.status).toBe("succeeded");
  });

  //   s ─► r(always fails retryable; 3 attempts; onError continue) ─► after
  it("E1: continue applies only once the retries are spent", async () => {
    const x = scriptedExecutor({ r: failTimes(9) });
    const { handle, log } = run(retryFlow({ onError: "continue", retry: { maxAttempts: 3, initialDelayMs: 1 } }), { ports: { executors: { noop: x.executor } } });
    const state = await handle.done;
    expect(failures(log, "r").map((event) => event.output === undefined)).toEqual([true, true, false]);
    expect(state.nodes.r!.output).toEqual({ error: { code: "FLAKY", message: "attempt 3 failed" } });
    expect(state.nodes.after!.status).toBe("succeeded");
  });

  //        ┌─► bad (fails at 10 ms) ─► x
  //   s ───┼─► slow (hangs)
  //        ├─► d (delay 1 h) ─► y
  //        └─► q1, q2 (queued: cap 2)
  it("E2: a final failure fails the run: nothing new starts, running nodes are aborted, the rest ends cancelled", async () => {
    const clock = createVirtualClock();
    const x = scriptedExecutor({ bad: after(clock, 10, throws(finalError("boom"))), slow: hang() });
    const compiled = flow()
      .trigger("s")
      .noop("bad", "x", "slow", "y", "q1", "q2")
      .node("d", { type: "delay", config: { ms: 3_600_000 } })
      .edge("s", "bad").edge("s", "slow").edge("s", "d").edge("s", "q1").edge("s", "q2")
      .chain("bad", "x").chain("d", "y")
      .compile();
    const { handle, log } = run(compiled, { clock, options: { concurrency: 2 }, ports: { executors: { noop: x.executor } } });
    const state = await handle.done;
    expect(statuses(state)).toEqual({ s: "succeeded", bad: "failed", x: "cancelled", slow: "cancelled", y: "cancelled", q1: "cancelled", q2: "cancelled", d: "cancelled" });
    expect(x.calls.map((call) => call.nodeId)).toEqual(["bad", "slow"]);
    expect(x.aborted).toEqual(["slow#1"]);
    expect(state.status).toBe("failed");
    expect(state.error).toMatchObject({ code: "BROKEN", nodeId: "bad", message: 'node "bad" failed: boom' });
    const failedAt = log.findIndex((event) => event.type === "node.failed");
    expect(trace(log.slice(failedAt), "node.started", "node.queued", "node.waiting")).toEqual([]);
    expect(log.at(-1)).toMatchObject({ type: "run.finished", status: "failed", error: { nodeId: "bad" } });
  });

  //   s ─┬─► bad (fails, final)
  //      └─► r   (fails retryable, 3 attempts)      both outcomes arrive in the same step
  it("E2: a retryable failure that arrives in the step that fails the run is not retried; the node ends cancelled", async () => {
    const x = scriptedExecutor({ bad: throws(finalError()), r: failTimes(1) });
    const compiled = flow().trigger("s").noop("bad").node("r", { type: "noop", config: {}, retry: { maxAttempts: 3 } }).edge("s", "bad").edge("s", "r").compile();
    const { handle, log } = run(compiled, { ports: { executors: { noop: x.executor } } });
    const state = await handle.done;
    expect(statuses(state)).toEqual({ s: "succeeded", bad: "failed", r: "cancelled" });
    expect(callsOf(x.calls, "r")).toHaveLength(1);
    expect(trace(log, "node.failed")).toEqual(["node.failed bad"]);
    expect(state.error).toMatchObject({ nodeId: "bad" });
  });

  //   s ─► r(fails retryable, waits to retry) ;  s ─► bad(fails at once)
  it("E2: a node waiting to retry is cancelled when another node fails the run", async () => {
    const clock = createVirtualClock();
    const x = scriptedExecutor({ r: failTimes(5), bad: after(clock, 10, throws(finalError())) });
    const compiled = flow().trigger("s").node("r", { type: "noop", config: {}, retry: { maxAttempts: 5, initialDelayMs: 60_000 } }).noop("bad").edge("s", "r").edge("s", "bad").compile();
    const state = await run(compiled, { clock, ports: { executors: { noop: x.executor } } }).handle.done;
    expect(statuses(state)).toEqual({ s: "succeeded", r: "cancelled", bad: "failed" });
    expect(callsOf(x.calls, "r")).toHaveLength(1);
    expect(clock.now() - state.startedAt).toBe(10);
  });
});

describe("executors' answers, at once or later", () => {
  //   s ─► a ─► b ─► c    a answers at once, b with a thenable that is no Promise, c throws at once
  it("a plain value, a foreign thenable and a thrown error are each the node's outcome", async () => {
    const thenable = { then: (resolve: (result: unknown) => void) => resolve({ output: { via: "thenable" } }) };
    const executor = (execution: { nodeId: string }) => {
      if (execution.nodeId === "a") return { output: { via: "value" } };
      if (execution.nodeId === "b") return thenable as unknown as Promise<{ output: null }>;
      throw finalError("no", "THROWN");
    };
    const compiled = flow().trigger("s").noop("a").noop("b").node("c", { type: "noop", config: {}, onError: "continue" }).chain("s", "a", "b", "c").compile();
    const state = await run(compiled, { ports: { executors: { noop: executor } } }).handle.done;
    expect(state.nodes.a).toMatchObject({ status: "succeeded", output: { via: "value" } });
    expect(state.nodes.b).toMatchObject({ status: "succeeded", output: { via: "thenable" } });
    expect(state.nodes.c).toMatchObject({ status: "failed", error: { code: "THROWN", message: "no" } });
  });
});
