import { describe, expect, it } from "vitest";
import { flow } from "../../test-support/flow-builder.ts";
import { run, statuses } from "../../test-support/run-harness.ts";
import { callsOf, output, scriptedExecutor, throws, finalError } from "../../test-support/scripted-executors.ts";

/** A host condition executor that always leaves on `port`. */
function conditionGoing(port: "true" | "false") {
  return scriptedExecutor({}, (execution) => ({ output: execution.input, port }));
}

describe("branches and skips (K)", () => {
  //              true ┌─► yes ─► after
  //   s ─► if ────────┤
  //              false└─► no  ─► after2
  it("K1: edges leaving a port the node did not send on are skipped, and the skip flows downstream", async () => {
    const cond = conditionGoing("true");
    const x = scriptedExecutor();
    const compiled = flow()
      .trigger("s")
      .node("if", { type: "condition", config: { expression: "unused" } })
      .noop("yes", "no", "after", "after2")
      .chain("s", "if")
      .edge("if", "yes", "true")
      .edge("if", "no", "false")
      .chain("yes", "after")
      .chain("no", "after2")
      .compile();
    const { handle, log } = run(compiled, { input: 5, ports: { executors: { condition: cond.executor, noop: x.executor } } });
    const state = await handle.done;
    expect(statuses(state)).toEqual({ s: "succeeded", if: "succeeded", yes: "succeeded", no: "skipped", after: "succeeded", after2: "skipped" });
    expect(state.nodes.if).toMatchObject({ port: "true", output: 5 });
    expect(x.calls.map((call) => call.nodeId)).toEqual(["yes", "after"]);
    expect(state.status).toBe("succeeded");
    expect(log.filter((event) => event.type === "node.skipped").map((event) => event.type === "node.skipped" && event.nodeId)).toEqual(["no", "after2"]);
  });

  //   s ─► if ─false─► a ─┐
  //         └──true──► b ─┴─► c
  it("K2: a node with a skipped input is skipped", async () => {
    const cond = conditionGoing("false");
    const x = scriptedExecutor();
    const compiled = flow()
      .trigger("s")
      .node("if", { type: "condition", config: { expression: "unused" } })
      .noop("a", "b", "c")
      .chain("s", "if")
      .edge("if", "a", "false")
      .edge("if", "b", "true")
      .edge("a", "c")
      .edge("b", "c")
      .compile();
    const state = await run(compiled, { ports: { executors: { condition: cond.executor, noop: x.executor } } }).handle.done;
    expect(statuses(state)).toMatchObject({ a: "succeeded", b: "skipped", c: "skipped" });
    expect(callsOf(x.calls, "c")).toEqual([]);
  });

  //   s ─► a (fails, run stops) ─► b
  it("K1: every edge leaving a cancelled node is skipped (its targets never run)", async () => {
    const x = scriptedExecutor({ a: throws(finalError()) });
    const compiled = flow().trigger("s").noop("a", "b").chain("s", "a", "b").compile();
    const state = await run(compiled, { ports: { executors: { noop: x.executor } } }).handle.done;
    expect(statuses(state)).toEqual({ s: "succeeded", a: "failed", b: "cancelled" });
    expect(callsOf(x.calls, "b")).toEqual([]);
  });

  //   s ─► if ─true─► m(merge) ─► d
  //          └─false──┘
  it("K2: a merge is the exception: one skipped input does not skip it", async () => {
    const cond = conditionGoing("true");
    const compiled = flow()
      .trigger("s")
      .node("if", { type: "condition", config: { expression: "unused" } })
      .node("m", { type: "merge", config: {} })
      .noop("d")
      .chain("s", "if")
      .edge("if", "m", "true")
      .edge("if", "m", "false")
      .chain("m", "d")
      .compile();
    const state = await run(compiled, { input: "x", ports: { executors: { condition: cond.executor } } }).handle.done;
    expect(statuses(state)).toMatchObject({ m: "succeeded", d: "succeeded" });
    expect(state.nodes.m!.output).toEqual({ if: "x" });
  });
});

describe("merge (M)", () => {
  //   s ─► if ─true─► a ─┐
  //         └─false─► b ─┴─► m(merge) ─► after
  it("M1: a merge runs once every input is resolved and at least one arrived", async () => {
    const cond = conditionGoing("true");
    const x = scriptedExecutor({ a: output("A") });
    const compiled = flow()
      .trigger("s")
      .node("if", { type: "condition", config: { expression: "unused" } })
      .noop("a", "b", "after")
      .node("m", { type: "merge", config: {} })
      .chain("s", "if")
      .edge("if", "a", "true")
      .edge("if", "b", "false")
      .edge("a", "m")
      .edge("b", "m")
      .chain("m", "after")
      .compile();
    const { handle, log } = run(compiled, { ports: { executors: { condition: cond.executor, noop: x.executor } } });
    const state = await handle.done;
    expect(statuses(state)).toMatchObject({ a: "succeeded", b: "skipped", m: "succeeded", after: "succeeded" });
    const at = (type: string, id: string) => log.findIndex((event) => event.type === type && "nodeId" in event && event.nodeId === id);
    expect(at("node.started", "m")).toBeGreaterThan(at("node.succeeded", "a"));
    expect(at("node.started", "m")).toBeGreaterThan(at("node.skipped", "b"));
    expect(log.filter((event) => event.type === "node.started" && event.nodeId === "m")).toHaveLength(1);
  });

  //   s ─► if ─true─► a ─┐
  //         └─true──► b ─┴─► m(merge) ─► after   (if goes false: both skipped)
  it("M1: a merge whose inputs are all skipped is skipped", async () => {
    const cond = conditionGoing("false");
    const compiled = flow()
      .trigger("s")
      .node("if", { type: "condition", config: { expression: "unused" } })
      .noop("a", "b", "after")
      .node("m", { type: "merge", config: { mode: "any" } })
      .chain("s", "if")
      .edge("if", "a", "true")
      .edge("if", "b", "true")
      .edge("a", "m")
      .edge("b", "m")
      .chain("m", "after")
      .compile();
    const state = await run(compiled, { ports: { executors: { condition: cond.executor } } }).handle.done;
    expect(statuses(state)).toMatchObject({ a: "skipped", b: "skipped", m: "skipped", after: "skipped" });
    expect(state.status).toBe("succeeded");
  });

  //   a ─┐
  //   b ─┼─► m(merge) ─► d
  //   c ─┘
  it("M2: mode all (the default) outputs the inputs keyed by source node id", async () => {
    const x = scriptedExecutor({ a: output(1), b: output({ two: 2 }), c: output("3") });
    const compiled = flow().noop("a", "b", "c", "d").node("m", { type: "merge", config: { mode: "all" } }).edge("a", "m").edge("b", "m").edge("c", "m").chain("m", "d").compile();
    const state = await run(compiled, { ports: { executors: { noop: x.executor } } }).handle.done;
    expect(state.nodes.m!.output).toEqual({ a: 1, b: { two: 2 }, c: "3" });
    expect(callsOf(x.calls, "d")[0]!.input).toEqual({ a: 1, b: { two: 2 }, c: "3" });
  });

  //   a ─┐
  //   b ─┴─► m(merge, all) : one input is skipped → keyed object with the one that arrived
  it("M2: mode all leaves skipped inputs out", async () => {
    const cond = conditionGoing("true");
    const compiled = flow()
      .node("if", { type: "condition", config: { expression: "unused" } })
      .noop("a")
      .node("m", { type: "merge", config: {} })
      .edge("if", "m", "true")
      .edge("if", "a", "false")
      .edge("a", "m")
      .compile();
    const state = await run(compiled, { input: 9, ports: { executors: { condition: cond.executor } } }).handle.done;
    expect(state.nodes.m!.output).toEqual({ if: 9 });
  });

  //   s ─► if ─true─► a ─┐
  //         └─false─► b ─┴─► m(merge, any)
  it("M3: mode any outputs the input itself when exactly one arrived", async () => {
    const cond = conditionGoing("false");
    const x = scriptedExecutor({ b: output({ from: "b" }) });
    const compiled = flow()
      .trigger("s")
      .node("if", { type: "condition", config: { expression: "unused" } })
      .noop("a", "b")
      .node("m", { type: "merge", config: { mode: "any" } })
      .chain("s", "if")
      .edge("if", "a", "true")
      .edge("if", "b", "false")
      .edge("a", "m")
      .edge("b", "m")
      .compile();
    const state = await run(compiled, { ports: { executors: { condition: cond.executor, noop: x.executor } } }).handle.done;
    expect(state.nodes.m!.output).toEqual({ from: "b" });
  });

  //   a ─┐
  //   b ─┴─► m(merge, any): both arrive → keyed by source id
  it("M3: mode any outputs an object keyed by source id when several arrived", async () => {
    const x = scriptedExecutor({ a: output("A"), b: output("B") });
    const compiled = flow().noop("a", "b").node("m", { type: "merge", config: { mode: "any" } }).edge("a", "m").edge("b", "m").compile();
    const state = await run(compiled, { ports: { executors: { noop: x.executor } } }).handle.done;
    expect(state.nodes.m!.output).toEqual({ a: "A", b: "B" });
  });
});
