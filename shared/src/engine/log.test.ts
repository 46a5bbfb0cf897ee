import { describe, expect, it } from "vitest";
import { flow } from "../../test-support/flow-builder.ts";
import { outputs, recordingSink, resume, run, statuses, trace } from "../../test-support/run-harness.ts";
import { callsOf, failTimes, scriptedExecutor } from "../../test-support/scripted-executors.ts";
import { foldRunLog } from "./run-state.ts";
import type { RunEvent } from "./run-event.ts";

//   s ─► a ─► b(fails once, retried) ─► m(merge) ─► w(delay 1 h)
//        └──► c ──────────────────────────┘
function compiledWithRetry() {
  return flow()
    .trigger("s")
    .noop("a")
    .node("b", { type: "noop", config: {}, retry: { maxAttempts: 3, initialDelayMs: 100 } })
    .noop("c")
    .node("m", { type: "merge", config: {} })
    .node("w", { type: "delay", config: { ms: 3_600_000 } })
    .chain("s", "a", "b", "m", "w")
    .edge("a", "c")
    .edge("c", "m")
    .compile();
}

describe("log (L)", () => {
  //   s ─► a ─► b ─► m ─► w
  //        └──► c ──┘
  it("L1: folding the recorded log gives the live run's final state", async () => {
    const x = scriptedExecutor({ b: failTimes(1) });
    const { handle, log } = run(compiledWithRetry(), { input: { n: 1 }, ports: { executors: { noop: x.executor } } });
    const state = await handle.done;
    expect(state.status).toBe("succeeded");
    expect(foldRunLog(log)).toEqual(state);
    expect(log[0]!.type).toBe("run.started");
    expect(log.filter((event) => event.type === "run.finished")).toHaveLength(1);
    expect(log.at(-1)!.type).toBe("run.finished");
  });

  //   s ─► a ─► b ─► m ─► w
  //        └──► c ──┘
  it("L1: every intermediate fold is a consistent state (statuses only move forward)", async () => {
    const x = scriptedExecutor({ b: failTimes(1) });
    const { handle, log } = run(compiledWithRetry(), { input: 1, ports: { executors: { noop: x.executor } } });
    await handle.done;
    const finishedAt = new Map<string, number>();
    for (let k = 1; k <= log.length; k++) {
      const state = foldRunLog(log.slice(0, k));
      for (const [id, record] of Object.entries(state.nodes)) {
        if (finishedAt.has(id)) expect(record.status, `${id} after event ${k}`).not.toMatch(/idle|queued|running|waiting|retrying/);
        if (/succeeded|failed|skipped|cancelled/.test(record.status) && !finishedAt.has(id)) finishedAt.set(id, k);
      }
    }
  });

  //   s ─► a ─► b ─► m ─► w
  //        └──► c ──┘
  it("L2: resuming from every prefix of the log ends like the uninterrupted run, and never re-runs a finished node", async () => {
    const x = scriptedExecutor({ b: failTimes(1) });
    const whole = run(compiledWithRetry(), { input: { n: 1 }, ports: { executors: { noop: x.executor } } });
    const final = await whole.handle.done;
    for (let cut = 1; cut <= whole.log.length; cut++) {
      const prefix = whole.log.slice(0, cut);
      const before = foldRunLog(prefix);
      const again = scriptedExecutor({ b: failTimes(1) });
      const resumed = resume(prefix, { ports: { executors: { noop: again.executor } } });
      const state = await resumed.handle.done;
      expect(statuses(state), `cut at ${cut}`).toEqual(statuses(final));
      expect(outputs(state), `cut at ${cut}`).toEqual(outputs(final));
      for (const call of again.calls) expect(before.nodes[call.nodeId]!.status, `cut ${cut} re-ran ${call.nodeId}`).not.toMatch(/succeeded|failed|skipped|cancelled/);
      expect(foldRunLog([...prefix, ...resumed.log])).toEqual(state);
    }
  });

  //   s ─► a ─► b ─► m ─► w
  //        └──► c ──┘
  it("L3: a node in flight at the end of the prefix runs again with the same attempt number and idempotency key", async () => {
    const x = scriptedExecutor({ b: failTimes(1) });
    const whole = run(compiledWithRetry(), { runId: "run-7", input: 1, ports: { executors: { noop: x.executor } } });
    await whole.handle.done;
    const secondStart = whole.log.findIndex((event) => event.type === "node.started" && event.nodeId === "b" && event.attempt === 2);
    const prefix = whole.log.slice(0, secondStart + 1);
    const again = scriptedExecutor({ b: failTimes(1) });
    const resumed = resume(prefix, { ports: { executors: { noop: again.executor } } });
    expect((await resumed.handle.done).status).toBe("succeeded");
    const [first] = callsOf(again.calls, "b");
    expect(first).toMatchObject({ attempt: 2, idempotencyKey: "run-7:b" });
    expect(callsOf(again.calls, "b")).toHaveLength(1);
    expect(callsOf(x.calls, "b").map((call) => call.idempotencyKey)).toEqual(["run-7:b", "run-7:b"]);
    expect(resumed.log[0]).toMatchObject({ type: "node.started", nodeId: "b", attempt: 2 });
  });

  //   s ─► a
  //   ├──► b
  //   └──► c
  it("L4: one step's events reach the sink in one append, before any executor that step starts", async () => {
    const sink = recordingSink();
    const seen: string[] = [];
    const x = scriptedExecutor({}, (execution) => {
      const durable = sink.folded()!.nodes[execution.nodeId]!;
      seen.push(`${execution.nodeId}:${durable.status}:${durable.attempts}:${sink.batches.length}`);
      return { output: execution.input };
    });
    const compiled = flow().trigger("s").noop("a", "b", "c").edge("s", "a").edge("s", "b").edge("s", "c").compile();
    await run(compiled, { input: 1, recorder: sink, ports: { executors: { noop: x.executor } } }).handle.done;
    expect(trace(sink.batches[0]!)).toEqual([
      "run.started",
      "node.started s",
      "node.succeeded s",
      "node.started a",
      "node.started b",
      "node.started c",
    ]);
    expect(seen).toEqual(["a:running:1:1", "b:running:1:1", "c:running:1:1"]);
    // The three attempts settle in the same turn: one step, one append.
    expect(trace(sink.batches[1]!)).toEqual(["node.succeeded a", "node.succeeded b", "node.succeeded c", "run.finished"]);
    expect(sink.batches).toHaveLength(2);
  });

  it("L1: a log that does not open with run.started is refused", () => {
    const bad = [{ type: "node.skipped", nodeId: "a", at: 0 }] as RunEvent[];
    expect(() => foldRunLog(bad)).toThrow(/must start with run.started/);
    expect(() => foldRunLog([])).toThrow(/must start with run.started/);
  });
});
