import { describe, expect, it } from "vitest";
import { flow } from "../../test-support/flow-builder.ts";
import { resume, run, statuses } from "../../test-support/run-harness.ts";
import { after, callsOf, scriptedExecutor } from "../../test-support/scripted-executors.ts";
import { createVirtualClock } from "../../test-support/virtual-clock.ts";
import type { RunEvent } from "./run-event.ts";

const day = 86_400_000;
const tick = () => new Promise((resolve) => setImmediate(resolve));

//   s ─► d(delay 1 day) ─► a
function delayFlow() {
  return flow().trigger("s").node("d", { type: "delay", config: { ms: day } }).noop("a").chain("s", "d", "a").compile();
}

describe("delay (D)", () => {
  //   s ─► d(delay 1 day) ─► a
  it("D1: a delay waits config.ms, logs its wake-up time, and passes its input on", async () => {
    const x = scriptedExecutor();
    const { handle, log } = run(delayFlow(), { input: { k: 1 }, ports: { executors: { noop: x.executor } } });
    const state = await handle.done;
    const start = log[0]!.at;
    const waiting = log.find((event) => event.type === "node.waiting");
    expect(waiting).toMatchObject({ nodeId: "d", reason: "delay", attempt: 1, until: start + day, at: start });
    expect(log.find((event) => event.type === "node.succeeded" && event.nodeId === "d")).toMatchObject({ at: start + day, output: { k: 1 } });
    expect(state.nodes.d).toMatchObject({ status: "succeeded", wakeAt: start + day, output: { k: 1 } });
    expect(callsOf(x.calls, "a")[0]!.input).toEqual({ k: 1 });
  });

  //   s ─► d(delay 1 day) ─► a      cut after node.waiting d, resumed 1 h later
  it("D1: a resumed run wakes at the logged time, not a full delay after the restart", async () => {
    const whole = run(delayFlow(), { input: 1 });
    await whole.handle.done;
    const cut = whole.log.findIndex((event) => event.type === "node.waiting") + 1;
    const start = whole.log[0]!.at;
    const clock = createVirtualClock(start + 3_600_000);
    const resumed = resume(whole.log.slice(0, cut), { clock });
    const state = await resumed.handle.done;
    expect(clock.sleeps[0]).toBe(day - 3_600_000);
    expect(resumed.log.find((event) => event.type === "node.succeeded" && event.nodeId === "d")!.at).toBe(start + day);
    expect(statuses(state)).toEqual({ s: "succeeded", d: "succeeded", a: "succeeded" });
  });

  //   s ─► d(delay 1 day) ─► a      resumed 2 days later: wakes at once
  it("D1: a delay whose wake-up time passed while the host was down fires at once on resume", async () => {
    const whole = run(delayFlow());
    await whole.handle.done;
    const cut = whole.log.findIndex((event) => event.type === "node.waiting") + 1;
    const clock = createVirtualClock(whole.log[0]!.at + 2 * day);
    const state = await resume(whole.log.slice(0, cut), { clock }).handle.done;
    expect(clock.sleeps[0]).toBe(0);
    expect(state.status).toBe("succeeded");
  });
});

//   s ─► a(approval) ─► b
function approvalFlow(extra: object = {}) {
  return flow().trigger("s").node("a", { type: "approval", config: { message: "ship it?" }, ...extra }).noop("b").chain("s", "a", "b").compile();
}

describe("approval (A)", () => {
  //   s ─► a(approval) ─► b
  it("A1: an approval waits, with reason approval, until a decision arrives", async () => {
    const x = scriptedExecutor();
    const { handle, log } = run(approvalFlow(), { input: "doc", ports: { executors: { noop: x.executor } } });
    await tick();
    await tick();
    expect(handle.state.nodes.a!.status).toBe("waiting");
    expect(handle.state.status).toBe("running");
    const waiting = log.find((event) => event.type === "node.waiting") as Extract<RunEvent, { type: "node.waiting" }>;
    expect(waiting).toMatchObject({ nodeId: "a", reason: "approval" });
    expect(waiting.until).toBeUndefined();
    expect(x.calls).toEqual([]);
    handle.signal("a", { approved: true, by: "ada" });
    const state = await handle.done;
    expect(state.nodes.a).toMatchObject({ status: "succeeded", approval: { approved: true, by: "ada" } });
    expect(callsOf(x.calls, "b")).toHaveLength(1);
  });

  //   s ─► t(task, 1 h) ─► a(approval) ─► b      decision sent before a waits
  it("A2: a decision that arrives before the node waits is logged and used when the node gets there", async () => {
    const clock = createVirtualClock();
    const x = scriptedExecutor({ t: after(clock, 3_600_000) });
    const compiled = flow().trigger("s").noop("t", "b").node("a", { type: "approval", config: {} }).chain("s", "t", "a", "b").compile();
    const { handle, log } = run(compiled, { clock, input: 3, ports: { executors: { noop: x.executor } } });
    handle.signal("a", { approved: true });
    expect(log.at(-1)).toMatchObject({ type: "node.signalled", nodeId: "a", decision: { approved: true } });
    expect(handle.state.nodes.a!.status).toBe("idle");
    const state = await handle.done;
    expect(state.nodes.a).toMatchObject({ status: "succeeded", output: 3 });
    const order = log.map((event) => ("nodeId" in event ? `${event.type} ${event.nodeId}` : event.type));
    expect(order.indexOf("node.signalled a")).toBeLessThan(order.indexOf("node.succeeded t"));
  });

  //   s ─► a(approval) ─► b      the decision is in the log's prefix; the resumed run uses it
  it("A2: a decision logged before a restart is used by the resumed run", async () => {
    const first = run(approvalFlow(), { input: 1 });
    first.handle.signal("a", { approved: true });
    await first.handle.done;
    const cut = first.log.findIndex((event) => event.type === "node.signalled") + 1;
    const state = await resume(first.log.slice(0, cut)).handle.done;
    expect(statuses(state)).toEqual({ s: "succeeded", a: "succeeded", b: "succeeded" });
  });

  //   s ─► a(approval) ─► b      decision given up front as a run option
  it("A2: decisions given up front (options.signals) are logged in the first append and used", async () => {
    const { handle, batches } = run(approvalFlow(), { input: 2, options: { signals: { a: { approved: true, by: "cli" } } } });
    expect(batches[0]!.find((event) => event.type === "node.signalled")).toMatchObject({ nodeId: "a", decision: { approved: true, by: "cli" } });
    expect(statuses(await handle.done)).toEqual({ s: "succeeded", a: "succeeded", b: "succeeded" });
  });

  //   s ─► a(approval) ─► b
  it("A3: approve passes the input on as the output", async () => {
    const { handle } = run(approvalFlow(), { input: { invoice: 7 } });
    handle.signal("a", { approved: true });
    expect((await handle.done).nodes.a!.output).toEqual({ invoice: 7 });
  });

  //   s ─► a(approval, retry 5) ─► b
  it("A3: reject fails the node with REJECTED, never retried, and fails the run", async () => {
    const x = scriptedExecutor();
    const { handle, log } = run(approvalFlow({ retry: { maxAttempts: 5 } }), { ports: { executors: { noop: x.executor } } });
    handle.signal("a", { approved: false, by: "bob", comment: "too expensive" });
    const state = await handle.done;
    expect(state.nodes.a).toMatchObject({ status: "failed", attempts: 1, error: { code: "REJECTED", message: "rejected by bob: too expensive", retryable: false } });
    expect(log.filter((event) => event.type === "node.failed")).toHaveLength(1);
    expect(state.status).toBe("failed");
    expect(state.error).toMatchObject({ code: "REJECTED", nodeId: "a" });
    expect(state.nodes.b!.status).toBe("cancelled");
    expect(x.calls).toEqual([]);
  });

  //        ┌─► a1(approval)
  //   s ───┼─► a2(approval)
  //        └─► t(task, 1 min)
  it("A4: when nothing can move but approvals, onBlocked names the waiting nodes", async () => {
    const clock = createVirtualClock();
    const x = scriptedExecutor({ t: after(clock, 60_000) });
    const blocked: string[][] = [];
    const compiled = flow()
      .trigger("s")
      .node("a1", { type: "approval", config: {} })
      .node("a2", { type: "approval", config: {} })
      .noop("t")
      .edge("s", "a1").edge("s", "a2").edge("s", "t")
      .compile();
    const { handle } = run(compiled, { clock, options: { onBlocked: (ids) => blocked.push([...ids]) }, ports: { executors: { noop: x.executor } } });
    expect(blocked).toEqual([]); // t is running
    while (handle.state.nodes.t!.status !== "succeeded") await tick();
    expect(blocked).toEqual([["a1", "a2"]]);
    handle.signal("a1", { approved: true });
    expect(blocked.at(-1)).toEqual(["a2"]);
    handle.signal("a2", { approved: true });
    expect((await handle.done).status).toBe("succeeded");
  });

  //   s ─► a(approval) ─► b
  it("A1: signalling a node that is not an approval, or one already decided, throws", async () => {
    const { handle } = run(approvalFlow());
    expect(() => handle.signal("b", { approved: true })).toThrow(/not an approval node/);
    expect(() => handle.signal("nope", { approved: true })).toThrow(/not an approval node/);
    handle.signal("a", { approved: true });
    await handle.done;
    expect(() => handle.signal("a", { approved: false })).toThrow(/already succeeded/);
  });
});
