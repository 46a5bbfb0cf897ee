import { describe, expect, it } from "vitest";
import { flow } from "../../test-support/flow-builder.ts";
import { run } from "../../test-support/run-harness.ts";
import { callsOf, output, scriptedExecutor } from "../../test-support/scripted-executors.ts";

describe("inputs (I)", () => {
  //   a      b        (two roots, no trigger)
  it("I1: a node with no incoming edge gets the run input", async () => {
    const x = scriptedExecutor();
    const { handle } = run(flow().noop("a", "b").compile(), { input: { order: 42 }, ports: { executors: { noop: x.executor } } });
    const state = await handle.done;
    expect(callsOf(x.calls, "a")[0]!.input).toEqual({ order: 42 });
    expect(callsOf(x.calls, "b")[0]!.input).toEqual({ order: 42 });
    expect(state.nodes.a!.output).toEqual({ order: 42 });
  });

  //   a      (no input given)
  it("I1: a run started without input gives its roots null", async () => {
    const x = scriptedExecutor();
    const { handle } = run(flow().noop("a").compile(), { ports: { executors: { noop: x.executor } } });
    await handle.done;
    expect(x.calls[0]!.input).toBeNull();
  });

  //   a ─► b
  it("I2: a node with one incoming edge gets that upstream node's output", async () => {
    const x = scriptedExecutor({ a: output({ from: "a" }) });
    const { handle } = run(flow().noop("a", "b").chain("a", "b").compile(), { input: "run input", ports: { executors: { noop: x.executor } } });
    const state = await handle.done;
    expect(callsOf(x.calls, "b")[0]!.input).toEqual({ from: "a" });
    expect(state.nodes.b!.output).toEqual({ from: "a" });
  });

  //   a ─┐
  //   b ─┼─► d   (d is a noop, not a merge)
  //   c ─┘
  it("I3: a node with several incoming edges gets an object keyed by upstream node id", async () => {
    const x = scriptedExecutor({ a: output(1), b: output([2]), c: output(null) });
    const compiled = flow().noop("a", "b", "c", "d").edge("a", "d").edge("b", "d").edge("c", "d").compile();
    const { handle } = run(compiled, { ports: { executors: { noop: x.executor } } });
    await handle.done;
    expect(callsOf(x.calls, "d")[0]!.input).toEqual({ a: 1, b: [2], c: null });
  });

  //   a ═► b   (two parallel edges from the same node)
  it("I3: two edges from the same node count as several edges, keyed by that node once", async () => {
    const x = scriptedExecutor({ a: output("A") });
    const { handle } = run(flow().noop("a", "b").edge("a", "b").edge("a", "b").compile(), { ports: { executors: { noop: x.executor } } });
    await handle.done;
    expect(callsOf(x.calls, "b")[0]!.input).toEqual({ a: "A" });
  });

  //   s(trigger) ─► a
  it("I4: trigger.manual outputs the run input", async () => {
    const x = scriptedExecutor();
    const { handle } = run(flow().trigger("s").noop("a").chain("s", "a").compile(), { input: { user: "ada" }, ports: { executors: { noop: x.executor } } });
    const state = await handle.done;
    expect(state.nodes.s).toMatchObject({ status: "succeeded", output: { user: "ada" }, attempts: 1 });
    expect(x.calls[0]!.input).toEqual({ user: "ada" });
  });
});
