import { describe, expect, it } from "vitest";
import { flow } from "../../test-support/flow-builder.ts";
import { resume, run, statuses } from "../../test-support/run-harness.ts";
import { callsOf, output, scriptedExecutor } from "../../test-support/scripted-executors.ts";
import { planRerun } from "./plan-rerun.ts";

/** A host condition executor that always leaves on `port`. */
const conditionGoing = (port: "true" | "false") => scriptedExecutor({}, (execution) => ({ output: execution.input, port }));

describe("disabled nodes (K3)", () => {
  //   s ─► a (disabled) ─► b
  it("K3: a disabled node does not run, is skipped with reason \"disabled\", and its input goes on to the next node", async () => {
    const x = scriptedExecutor({ b: output("b done") });
    const compiled = flow().trigger("s").noop("b").node("a", { type: "noop", config: {}, disabled: true }).chain("s", "a", "b").compile();
    const { handle, log } = run(compiled, { input: { n: 1 }, ports: { executors: { noop: x.executor } } });
    const state = await handle.done;
    expect(statuses(state)).toEqual({ s: "succeeded", a: "skipped", b: "succeeded" });
    expect(state.nodes.a).toMatchObject({ skipReason: "disabled", output: { n: 1 }, port: "out" });
    expect(callsOf(x.calls, "a")).toEqual([]);
    expect(callsOf(x.calls, "b").map((call) => call.input)).toEqual([{ n: 1 }]);
    expect(log.find((event) => event.type === "node.skipped")).toMatchObject({ nodeId: "a", reason: "disabled" });
  });

  //              true ┌─► yes
  //   s ─► if(off) ───┤
  //              false└─► no
  it("K3: a disabled condition passes its input on its first port (`true`), as n8n does; `false` is skipped", async () => {
    const cond = conditionGoing("false");
    const compiled = flow()
      .trigger("s")
      .node("if", { type: "condition", config: { expression: "unused" }, disabled: true })
      .noop("yes", "no")
      .chain("s", "if")
      .edge("if", "yes", "true")
      .edge("if", "no", "false")
      .compile();
    const state = await run(compiled, { input: 7, ports: { executors: { condition: cond.executor, noop: scriptedExecutor().executor } } }).handle.done;
    expect(statuses(state)).toMatchObject({ if: "skipped", yes: "succeeded", no: "skipped" });
    expect(state.nodes.yes!.output).toBe(7);
    expect(cond.calls).toEqual([]);
  });

  //   s ─► if ─false─► a (disabled) ─► b
  it("K3: a disabled node on a branch not taken is skipped like any other (no reason, nothing passed on)", async () => {
    const compiled = flow()
      .trigger("s")
      .node("if", { type: "condition", config: { expression: "unused" } })
      .node("a", { type: "noop", config: {}, disabled: true })
      .noop("b")
      .chain("s", "if")
      .edge("if", "a", "false")
      .chain("a", "b")
      .compile();
    const state = await run(compiled, { ports: { executors: { condition: conditionGoing("true").executor, noop: scriptedExecutor().executor } } }).handle.done;
    expect(statuses(state)).toMatchObject({ a: "skipped", b: "skipped" });
    expect(state.nodes.a!.skipReason).toBeUndefined();
  });

  //   s ─► d (disabled delay of a day) ─► b
  it("K3: a disabled delay does not wait", async () => {
    const compiled = flow().trigger("s").node("d", { type: "delay", config: { ms: 86_400_000 }, disabled: true }).noop("b").chain("s", "d", "b").compile();
    const state = await run(compiled, { input: "x", ports: { executors: { noop: scriptedExecutor().executor } } }).handle.done;
    expect(state.nodes.b).toMatchObject({ status: "succeeded", output: "x" });
  });
});

describe("pinned data (N1)", () => {
  //   s ─► a (pinned) ─► b
  it("N1: a pinned node does not run; it succeeds with its pinned data, which flows downstream", async () => {
    const x = scriptedExecutor();
    const compiled = flow().trigger("s").noop("a", "b").chain("s", "a", "b").compile();
    const { handle, log } = run(compiled, { pinned: { a: { pinned: true } }, ports: { executors: { noop: x.executor } } });
    const state = await handle.done;
    expect(state.nodes.a).toMatchObject({ status: "succeeded", output: { pinned: true }, pinned: true, attempts: 0 });
    expect(callsOf(x.calls, "a")).toEqual([]);
    expect(callsOf(x.calls, "b").map((call) => call.input)).toEqual([{ pinned: true }]);
    expect(log[0]).toMatchObject({ type: "run.started", pinned: { a: { pinned: true } } });
  });

  it("N1: without pins (headless and team runs) the node runs; pins of nodes the flow lacks are left out", async () => {
    const x = scriptedExecutor();
    const compiled = flow().trigger("s").noop("a").chain("s", "a").compile();
    const { handle, log } = run(compiled, { pinned: { gone: 1 }, ports: { executors: { noop: x.executor } } });
    await handle.done;
    expect(callsOf(x.calls, "a")).toHaveLength(1);
    expect(log[0]).not.toHaveProperty("pinned");
  });

  it("N1, L2: pins are in the log, so a resumed run uses them too", async () => {
    const x = scriptedExecutor();
    const compiled = flow().trigger("s").noop("a", "b").chain("s", "a", "b").compile();
    const whole = run(compiled, { pinned: { b: "pin" }, ports: { executors: { noop: x.executor } } });
    await whole.handle.done;
    const resumed = resume(whole.log.slice(0, 1), { ports: { executors: { noop: x.executor } } });
    const state = await resumed.handle.done;
    expect(state.nodes.b).toMatchObject({ output: "pin", pinned: true });
    expect(callsOf(x.calls, "b")).toEqual([]);
  });

  //   s ─► c (condition, pinned from its false branch) ─true─► t
  //                                                    └false─► f
  it("N1: a pin sends on the branch it was pinned from; a port the node lacks is refused before anything is logged", async () => {
    const x = scriptedExecutor();
    const compiled = flow().trigger("s").node("c", { type: "condition", config: { expression: "input" } }).noop("t", "f").edge("s", "c").edge("c", "t", "true").edge("c", "f", "false").compile();
    const { handle, log } = run(compiled, { pinned: { c: { n: 0 } }, pinnedPorts: { c: "false" }, ports: { executors: { noop: x.executor } } });
    const state = await handle.done;
    expect(state.nodes.c).toMatchObject({ status: "succeeded", port: "false", pinned: true });
    expect(state.nodes.t).toMatchObject({ status: "skipped" });
    expect(callsOf(x.calls, "f").map((call) => call.input)).toEqual([{ n: 0 }]);
    expect(log[0]).toMatchObject({ pinnedPorts: { c: "false" } });
    // Without a port it sends on `true`, as before (K3's port); a resumed run keeps the branch.
    const resumed = await resume(log.slice(0, 1), { ports: { executors: { noop: scriptedExecutor().executor } } }).handle.done;
    expect(resumed.nodes.c).toMatchObject({ port: "false" });
    expect(() => run(compiled, { pinned: { c: 1 }, pinnedPorts: { c: "maybe" } })).toThrow(/node "c" is pinned on output "maybe", which it does not have \(its outputs: "true", "false"\)/);
  });

  it("N1, B1: pinned data over the payload limit is refused before anything is logged", () => {
    const compiled = flow().trigger("s").noop("a").chain("s", "a").build();
    const small = flow().trigger("s").noop("a").chain("s", "a").compile();
    const limited = { ...small, flow: { ...compiled, settings: { maxPayloadBytes: 1024 } } };
    expect(() => run(limited, { pinned: { a: "x".repeat(5000) } })).toThrow(/pinned data is .* over the payload limit/);
  });

  //   s ─► a ─► b      re-run from b keeps a's disabled pass-through
  it("P1, K3: a re-run reuses a disabled node's pass-through", async () => {
    const compiled = flow().trigger("s").node("a", { type: "noop", config: {}, disabled: true }).noop("b").chain("s", "a", "b").compile();
    const first = await run(compiled, { input: 3, ports: { executors: { noop: scriptedExecutor().executor } } }).handle.done;
    const plan = planRerun(first, compiled, "b");
    expect(plan.reuse.a).toMatchObject({ status: "skipped", skipReason: "disabled", output: 3 });
  });
});
