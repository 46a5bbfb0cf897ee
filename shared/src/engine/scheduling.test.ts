import { describe, expect, it } from "vitest";
import { flow } from "../../test-support/flow-builder.ts";
import { run, trace } from "../../test-support/run-harness.ts";
import { after, callsOf, failTimes, scriptedExecutor } from "../../test-support/scripted-executors.ts";
import { createVirtualClock } from "../../test-support/virtual-clock.ts";
import { validateFlow } from "../flow/validate-flow.ts";

/** `n` parallel noops under one trigger: s ─► t0 … t(n-1). */
function fan(n: number) {
  const b = flow().trigger("s");
  for (let i = 0; i < n; i++) b.noop(`t${i}`).edge("s", `t${i}`);
  return b;
}

describe("scheduling (S)", () => {
  //   a (slow, 100 ms) ─┐
  //                     ├─► c
  //   b (fast)  ────────┘
  it("S1: a node starts only once every incoming edge is resolved", async () => {
    const clock = createVirtualClock();
    const x = scriptedExecutor({ a: after(clock, 100) }, undefined, clock.now);
    const compiled = flow().noop("a", "b", "c").edge("a", "c").edge("b", "c").compile();
    const { handle, log } = run(compiled, { clock, ports: { executors: { noop: x.executor } } });
    await handle.done;
    expect(trace(log, "node.started", "node.succeeded")).toEqual([
      "node.started a",
      "node.started b",
      "node.succeeded b",
      "node.succeeded a",
      "node.started c",
      "node.succeeded c",
    ]);
    expect(callsOf(x.calls, "c")[0]!.at).toBe(callsOf(x.calls, "a")[0]!.at + 100);
  });

  //        ┌─► a ─┐
  //   s ───┤      ├─► c
  //        └─► b ─┘
  it("S2: a node with several inputs runs once, not once per input", async () => {
    const x = scriptedExecutor();
    const compiled = flow().trigger("s").noop("a", "b", "c").edge("s", "a").edge("s", "b").edge("a", "c").edge("b", "c").compile();
    await run(compiled, { ports: { executors: { noop: x.executor } } }).handle.done;
    expect(x.calls.map((call) => call.nodeId).sort()).toEqual(["a", "b", "c"]);
  });

  //   s ─► r (fails twice, 3 attempts)
  it("S2: a retried node runs once per attempt", async () => {
    const x = scriptedExecutor({ r: failTimes(2) });
    const compiled = flow().trigger("s").node("r", { type: "noop", config: {}, retry: { maxAttempts: 3 } }).chain("s", "r").compile();
    const state = await run(compiled, { ports: { executors: { noop: x.executor } } }).handle.done;
    expect(callsOf(x.calls, "r").map((call) => call.attempt)).toEqual([1, 2, 3]);
    expect(state.nodes.r).toMatchObject({ status: "succeeded", attempts: 3 });
  });

  //   s ─► t0 … t5   (each 10 ms), cap 2 from the run option
  it("S3: ready tasks run in parallel up to the run option's cap", async () => {
    const clock = createVirtualClock();
    const x = scriptedExecutor({}, after(clock, 10), clock.now);
    const state = await run(fan(6).compile(), { clock, options: { concurrency: 2 }, ports: { executors: { noop: x.executor } } }).handle.done;
    expect(state.status).toBe("succeeded");
    expect(x.maxActive).toBe(2);
    expect(x.calls.map((call) => call.at - x.calls[0]!.at)).toEqual([0, 0, 10, 10, 20, 20]);
  });

  //   s ─► t0 … t5, settings.concurrency 3; the run option wins when given
  it("S3: without a run option the flow's settings.concurrency is the cap; the option overrides it", async () => {
    const checked = validateFlow({ ...fan(6).build(), settings: { concurrency: 3 } });
    if (!checked.ok) throw new Error("invalid fixture");
    const clock = createVirtualClock();
    const x = scriptedExecutor({}, after(clock, 10));
    await run(checked.compiled, { clock, ports: { executors: { noop: x.executor } } }).handle.done;
    expect(x.maxActive).toBe(3);
    const y = scriptedExecutor({}, after(clock, 10));
    await run(checked.compiled, { clock, options: { concurrency: 5 }, ports: { executors: { noop: y.executor } } }).handle.done;
    expect(y.maxActive).toBe(5);
  });

  //   s ─► t0 … t19
  it("S3: the default cap is 8", async () => {
    const clock = createVirtualClock();
    const x = scriptedExecutor({}, after(clock, 10));
    await run(fan(20).compile(), { clock, ports: { executors: { noop: x.executor } } }).handle.done;
    expect(x.maxActive).toBe(8);
  });

  //        ┌─► t (task, 5 s)
  //   s ───┼─► d (delay 1 s) ─► m(merge) ─► u (task)
  //        └─► a (approval)
  it("S3: control nodes (trigger, merge, delay, approval) take no slot", async () => {
    const clock = createVirtualClock();
    const x = scriptedExecutor({ t: after(clock, 5000) }, undefined, clock.now);
    const compiled = flow()
      .trigger("s")
      .noop("t", "u")
      .node("d", { type: "delay", config: { ms: 1000 } })
      .node("m", { type: "merge", config: {} })
      .node("a", { type: "approval", config: {} })
      .edge("s", "t").edge("s", "d").edge("s", "a").chain("d", "m", "u")
      .compile();
    const { handle, log } = run(compiled, { clock, options: { concurrency: 1 }, ports: { executors: { noop: x.executor } } });
    handle.signal("a", { approved: true });
    await handle.done;
    const start = log[0]!.at;
    const finishedAt = (id: string) => log.find((event) => event.type === "node.succeeded" && event.nodeId === id)!.at - start;
    expect(finishedAt("a")).toBe(0);
    expect(finishedAt("d")).toBe(1000);
    expect(finishedAt("m")).toBe(1000);
    // u is a task: it waits for t's slot
    expect(callsOf(x.calls, "u")[0]!.at - start).toBe(5000);
    expect(trace(log, "node.queued")).toEqual(["node.queued u"]);
  });

  //   s ─┬─► x (10 ms) ─► z
  //      └─► y
  // cap 1: y became ready (queued) before z, so y starts before z.
  it("S4: tasks waiting for a slot are queued and start in the order they became ready", async () => {
    const clock = createVirtualClock();
    const x = scriptedExecutor({ x: after(clock, 10) });
    const compiled = flow().trigger("s").noop("x", "y", "z").edge("s", "x").edge("s", "y").chain("x", "z").compile();
    const { handle, log } = run(compiled, { clock, options: { concurrency: 1 }, ports: { executors: { noop: x.executor } } });
    const state = await handle.done;
    expect(x.calls.map((call) => call.nodeId)).toEqual(["x", "y", "z"]);
    expect(trace(log, "node.queued", "node.started").filter((line) => !line.endsWith(" s"))).toEqual([
      "node.started x",
      "node.queued y",
      "node.queued z",
      "node.started y",
      "node.started z",
    ]);
    expect(state.status).toBe("succeeded");
  });

  //   s ─► t0 … t4   cap 2: the queued ones are `queued` in the state while they wait
  it("S4: a task waiting for a slot has status queued", async () => {
    const clock = createVirtualClock();
    const x = scriptedExecutor({}, after(clock, 10));
    const { handle } = run(fan(5).compile(), { clock, options: { concurrency: 2 }, ports: { executors: { noop: x.executor } } });
    expect(Object.values(handle.state.nodes).map((node) => node.status)).toEqual(["succeeded", "running", "running", "queued", "queued", "queued"]);
    await handle.done;
  });
});
