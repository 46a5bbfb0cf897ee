import { describe, expect, it } from "vitest";
import { flow } from "../../test-support/flow-builder.ts";
import { resume, run, statuses, trace } from "../../test-support/run-harness.ts";
import { callsOf, finalError, gate, hang, output, scriptedExecutor, throws } from "../../test-support/scripted-executors.ts";
import { createVirtualClock } from "../../test-support/virtual-clock.ts";
import { planRerun } from "./plan-rerun.ts";
import { startRun } from "./start-run.ts";
import type { RunEvent } from "./run-event.ts";

const tick = () => new Promise((resolve) => setImmediate(resolve));

//        ┌─► a (hangs) ──┐
//   s ───┼─► b (hangs) ──┼─► c
//        └─► d (delay 1 h)┘
function hangingFlow() {
  return flow()
    .trigger("s")
    .noop("a", "b", "c")
    .node("d", { type: "delay", config: { ms: 3_600_000 } })
    .edge("s", "a").edge("s", "b").edge("s", "d")
    .edge("a", "c").edge("b", "c").edge("d", "c")
    .compile();
}

describe("cancel (X)", () => {
  //        ┌─► a (hangs) ──┐
  //   s ───┼─► b (hangs) ──┼─► c
  //        └─► d (delay) ──┘
  it("X1: cancelling aborts running nodes through their signal; the rest ends cancelled and so does the run", async () => {
    const x = scriptedExecutor({ a: hang(), b: hang() });
    const { handle, log } = run(hangingFlow(), { ports: { executors: { noop: x.executor } } });
    expect(x.calls.map((call) => call.nodeId)).toEqual(["a", "b"]); // running, and d is waiting
    handle.cancel("user pressed stop");
    const state = await handle.done;
    expect(state.status).toBe("cancelled");
    expect(state.error).toMatchObject({ code: "CANCELLED", message: "user pressed stop" });
    expect(x.aborted.sort()).toEqual(["a#1", "b#1"]);
    expect(statuses(state)).toEqual({ s: "succeeded", a: "cancelled", b: "cancelled", c: "cancelled", d: "cancelled" });
    expect(log.find((event) => event.type === "run.cancelling")).toMatchObject({ reason: "user pressed stop" });
    expect(log.at(-1)).toMatchObject({ type: "run.finished", status: "cancelled" });
    expect(callsOf(x.calls, "c")).toEqual([]);
  });

  //   s ─► a (hangs)
  it("X1: cancelling twice, or after the end, changes nothing", async () => {
    const x = scriptedExecutor({ a: hang() });
    const { handle, log } = run(flow().trigger("s").noop("a").chain("s", "a").compile(), { ports: { executors: { noop: x.executor } } });
    handle.cancel();
    handle.cancel("again");
    const state = await handle.done;
    const length = log.length;
    handle.cancel("late");
    await tick();
    expect(log).toHaveLength(length);
    expect(trace(log, "run.cancelling")).toHaveLength(1);
    expect(state.status).toBe("cancelled");
  });

  //   s ─► a (hangs)     cut after run.cancelling: the resumed run finishes the cancel
  it("X1: a cancel request in the log is honoured by a resumed run, which starts nothing", async () => {
    const x = scriptedExecutor({ a: hang() });
    const first = run(flow().trigger("s").noop("a").chain("s", "a").compile(), { ports: { executors: { noop: x.executor } } });
    first.handle.cancel("stop");
    await first.handle.done;
    const cut = first.log.findIndex((event) => event.type === "run.cancelling") + 1;
    const again = scriptedExecutor({ a: hang() });
    const resumed = resume(first.log.slice(0, cut), { ports: { executors: { noop: again.executor } } });
    const state = await resumed.handle.done;
    expect(state.status).toBe("cancelled");
    expect(state.error).toMatchObject({ code: "CANCELLED", message: "stop" });
    expect(state.nodes.a!.status).toBe("cancelled");
    expect(again.calls).toEqual([]);
    expect(trace(resumed.log, "node.started")).toEqual([]);
  });
});

describe("partial re-run (P)", () => {
  //   s ─► a ─► b ─► c
  //   └──► d
  function chainFlow() {
    return flow().trigger("s").noop("a", "b", "c", "d").chain("s", "a", "b", "c").edge("s", "d").compile();
  }

  //   s ─► a ─► b ─► c        re-run from b: s, a, d reused; b, c run
  //   └──► d
  it("P1: a re-run from N runs N and everything downstream; every other node reuses its recorded result", async () => {
    const compiled = chainFlow();
    const x = scriptedExecutor({ a: output("A1"), b: output("B1"), d: output("D1") });
    const source = await run(compiled, { runId: "r1", input: { v: 1 }, ports: { executors: { noop: x.executor } } }).handle.done;
    const plan = planRerun(source, compiled, "b");
    expect(Object.keys(plan.reuse).sort()).toEqual(["a", "d", "s"]);
    const y = scriptedExecutor({ a: output("A2"), b: output("B2"), d: output("D2") });
    const events: RunEvent[] = [];
    const rerun = startRun({ compiled, runId: "r2", input: source.input, ...plan }, { clock: createVirtualClock(), sink: { append: (batch) => void events.push(...batch) }, executors: { noop: y.executor } });
    const state = await rerun.done;
    expect(y.calls.map((call) => call.nodeId)).toEqual(["b", "c"]);
    expect(callsOf(y.calls, "b")[0]).toMatchObject({ input: "A1", idempotencyKey: "r2:b" });
    expect(state.nodes.c!.output).toEqual("B2");
    expect(state.nodes.a).toMatchObject({ status: "succeeded", output: "A1", reusedFrom: "r1" });
    expect(state.nodes.d).toMatchObject({ output: "D1", reusedFrom: "r1" });
    expect(state.nodes.b!.reusedFrom).toBeUndefined();
    expect(trace(events, "node.reused").sort()).toEqual(["node.reused a", "node.reused d", "node.reused s"]);
    expect(events[0]).toMatchObject({ type: "run.started", rerunOf: { runId: "r1", fromNode: "b" } });
    expect(state.rerunOf).toEqual({ runId: "r1", fromNode: "b" });
  });

  //   s ─► a(fails) ─► b ─► c
  //   └──► d
  it("P1: every node upstream of N must have a result", async () => {
    const compiled = chainFlow();
    const x = scriptedExecutor({ a: throws(finalError()) });
    const source = await run(compiled, { runId: "r1", ports: { executors: { noop: x.executor } } }).handle.done;
    expect(() => planRerun(source, compiled, "b")).toThrow(/upstream node "a" has no result in run r1 \(failed\)/);
    expect(() => planRerun(source, compiled, "zzz")).toThrow(/no node "zzz"/);
    const fromA = planRerun(source, compiled, "a");
    expect(Object.keys(fromA.reuse)).toEqual(["s"]); // d was cancelled: not reusable, so it runs again
    const y = scriptedExecutor();
    const state = await startRun({ compiled, runId: "r2", ...fromA }, { clock: createVirtualClock(), executors: { noop: y.executor } }).done;
    expect(state.status).toBe("succeeded");
    expect(y.calls.map((call) => call.nodeId).sort()).toEqual(["a", "b", "c", "d"]);
  });

  //   s ─► a(fails, onError continue) ─► b
  it("P1: a failure under onError continue is a result and is reused", async () => {
    const compiled = flow().trigger("s").node("a", { type: "noop", config: {}, onError: "continue" }).noop("b").chain("s", "a", "b").compile();
    const x = scriptedExecutor({ a: throws(finalError("nope")) });
    const source = await run(compiled, { ports: { executors: { noop: x.executor } } }).handle.done;
    const plan = planRerun(source, compiled, "b");
    expect(plan.reuse.a).toMatchObject({ status: "failed", output: { error: { code: "BROKEN", message: "nope" } } });
    const y = scriptedExecutor();
    const state = await startRun({ compiled, runId: "r2", ...plan }, { clock: createVirtualClock(), executors: { noop: y.executor } }).done;
    expect(y.calls.map((call) => [call.nodeId, call.input])).toEqual([["b", { error: { code: "BROKEN", message: "nope" } }]]);
    expect(state.status).toBe("succeeded");
  });
});

describe("run lifecycle", () => {
  //   s ─► a ─► b
  it("a sink whose append throws makes done reject, and no executor of that step runs", async () => {
    const x = scriptedExecutor();
    const compiled = flow().trigger("s").noop("a", "b").chain("s", "a", "b").compile();
    const failing = { append: () => { throw new Error("disk full"); } };
    const handle = startRun({ compiled, runId: "r1" }, { clock: createVirtualClock(), sink: failing, executors: { noop: x.executor } });
    await expect(handle.done).rejects.toThrow("disk full");
    expect(x.calls).toEqual([]);
  });

  //   s ─► a ─► b      the sink breaks on its second append
  it("a sink that throws mid-run stops the run: done rejects and nothing further starts", async () => {
    const x = scriptedExecutor();
    const compiled = flow().trigger("s").noop("a", "b").chain("s", "a", "b").compile();
    let appends = 0;
    const sink = { append: () => { if (++appends === 2) throw new Error("disk full"); } };
    const handle = startRun({ compiled, runId: "r1" }, { clock: createVirtualClock(), sink, executors: { noop: x.executor } });
    await expect(handle.done).rejects.toMatchObject({ data: { code: "INTERNAL", message: "disk full" } });
    expect(x.calls.map((call) => call.nodeId)).toEqual(["a"]);
    await tick();
    expect(appends).toBe(2);
  });

  //   s ─► a      the sink breaks on the append that carries run.finished
  it("a sink that throws on the last append makes done reject", async () => {
    const compiled = flow().trigger("s").noop("a").chain("s", "a").compile();
    const sink = { append: (events: readonly RunEvent[]) => { if (events.some((event) => event.type === "run.finished")) throw new Error("disk full"); } };
    const handle = startRun({ compiled, runId: "r1" }, { clock: createVirtualClock(), sink });
    await expect(handle.done).rejects.toThrow("disk full");
  });

  //   s ─► a ─► b      an async sink whose second append rejects
  it("an async sink whose append rejects makes done reject", async () => {
    const compiled = flow().trigger("s").noop("a", "b").chain("s", "a", "b").compile();
    let appends = 0;
    const sink = { append: async () => { if (++appends === 2) throw new Error("quota exceeded"); } };
    const handle = startRun({ compiled, runId: "r1" }, { clock: createVirtualClock(), sink });
    await expect(handle.done).rejects.toThrow("quota exceeded");
  });

  //   s ─► a ─► b      the first append is slow; the second fails while the first is pending
  it("an async sink whose later append fails while an earlier one is pending makes done reject", async () => {
    const compiled = flow().trigger("s").noop("a", "b").chain("s", "a", "b").compile();
    const slow = gate();
    let appends = 0;
    const sink = { append: () => (++appends === 1 ? slow.promise : Promise.reject(new Error("quota exceeded"))) };
    const handle = startRun({ compiled, runId: "r1" }, { clock: createVirtualClock(), sink });
    const outcome = handle.done.then(() => "resolved", (error: Error) => error.message);
    await tick();
    expect(appends).toBeGreaterThan(1);
    slow.open();
    expect(await outcome).toBe("quota exceeded");
  });

  //   s ─► a ─► b
  it("resuming a finished log resolves at once and runs nothing", async () => {
    const compiled = flow().trigger("s").noop("a", "b").chain("s", "a", "b").compile();
    const first = run(compiled, { input: 1 });
    const final = await first.handle.done;
    const x = scriptedExecutor();
    const resumed = resume(first.log, { ports: { executors: { noop: x.executor } } });
    expect(resumed.handle.state.status).toBe("succeeded");
    const state = await resumed.handle.done;
    expect(state).toEqual(final);
    expect(x.calls).toEqual([]);
    expect(resumed.log).toEqual([]);
  });

  it("resuming a log whose flow is invalid throws INVALID_FLOW", () => {
    const compiled = flow().noop("a").compile();
    const log: RunEvent[] = [{ type: "run.started", runId: "r", flow: { ...compiled.flow, edges: [{ id: "e", source: "a", target: "ghost" }] }, input: null, at: 0 }];
    expect(() => resume(log)).toThrow(/the run log's flow is invalid: edges\[0\]\.target: no node with id "ghost"/);
  });
});
