import { newQuickJSWASMModule } from "quickjs-emscripten";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flow } from "../../test-support/flow-builder.ts";
import { run, statuses } from "../../test-support/run-harness.ts";
import { after, output, scriptedExecutor } from "../../test-support/scripted-executors.ts";
import { createVirtualClock } from "../../test-support/virtual-clock.ts";
import { createQuickJSSandbox } from "../sandbox/quickjs-sandbox.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import type { JsonValue } from "../json.ts";
import type { CompiledFlow } from "../flow/compile-flow.ts";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = createQuickJSSandbox(await newQuickJSWASMModule());
});
afterAll(() => sandbox.dispose());

function runWithSandbox(compiled: CompiledFlow, input: JsonValue = null, executors = {}) {
  return run(compiled, { input, ports: { services: { sandbox }, executors } });
}

//   s ─► c(condition) ─true─► yes
//              └─────false──► no
function conditionFlow(expression: string) {
  return flow()
    .trigger("s")
    .node("c", { type: "condition", config: { expression } })
    .noop("yes", "no")
    .chain("s", "c")
    .edge("c", "yes", "true")
    .edge("c", "no", "false")
    .compile();
}

describe("condition (C)", () => {
  //   s ─► c ─true─► yes / ─false─► no
  it("C1: a truthy expression sends the input out on port true", async () => {
    const state = await runWithSandbox(conditionFlow("input.total > 100 && ctx.run.input.total === input.total"), { total: 250 }).handle.done;
    expect(state.nodes.c).toMatchObject({ status: "succeeded", port: "true", output: { total: 250 } });
    expect(statuses(state)).toMatchObject({ yes: "succeeded", no: "skipped" });
    expect(state.nodes.yes!.output).toEqual({ total: 250 });
  });

  //   s ─► c ─true─► yes / ─false─► no
  it.each([["input.total > 100"], ["0"], ["''"], ["null"], ["undefined"], ["NaN"]])("C1: a falsy value (%s) sends the input out on port false", async (expression) => {
    const state = await runWithSandbox(conditionFlow(expression), { total: 5 }).handle.done;
    expect(state.nodes.c).toMatchObject({ port: "false", output: { total: 5 } });
    expect(statuses(state)).toMatchObject({ yes: "skipped", no: "succeeded" });
  });

  //   s ─► c ─true─► yes / ─false─► no
  it("C1: an expression that throws fails the node with CODE_ERROR", async () => {
    const state = await runWithSandbox(conditionFlow("input.missing.deep"), {}).handle.done;
    expect(state.nodes.c!.status).toBe("failed");
    expect(state.nodes.c!.error!.code).toBe("CODE_ERROR");
    expect(state.status).toBe("failed");
  });
});

describe("code (T)", () => {
  //   s ─► a(noop) ─► t(transform)
  it("T1: transform code sees input and ctx (nodes, run.input, run.id); its return value is the output", async () => {
    const code = "return { doubled: input.n * 2, fromA: ctx.nodes.a, runInput: ctx.run.input, runId: ctx.run.id }";
    const compiled = flow().trigger("s").noop("a").transform("t", code).chain("s", "a", "t").compile();
    const state = await runWithSandbox(compiled, { n: 21 }).handle.done;
    expect(state.nodes.t).toMatchObject({ status: "succeeded", output: { doubled: 42, fromA: { n: 21 }, runInput: { n: 21 }, runId: "r1" } });
  });

  //   s ─► t(transform returning nothing) ─► u
  it("T1: a transform that returns undefined outputs null", async () => {
    const compiled = flow().trigger("s").transform("t", "const x = 1;").noop("u").chain("s", "t", "u").compile();
    const x = scriptedExecutor();
    const state = await runWithSandbox(compiled, 1, { noop: x.executor }).handle.done;
    expect(state.nodes.t!.output).toBeNull();
    expect(x.calls[0]!.input).toBeNull();
  });

  //   s ─► t(throws) ─► u
  it("T1: a throw fails the node with CODE_ERROR and the thrown message", async () => {
    const compiled = flow().trigger("s").transform("t", "throw new Error('amount must be positive: ' + input.amount)").noop("u").chain("s", "t", "u").compile();
    const state = await runWithSandbox(compiled, { amount: -3 }).handle.done;
    expect(state.nodes.t).toMatchObject({ status: "failed", error: { code: "CODE_ERROR", message: "amount must be positive: -3", retryable: false } });
    expect(state.error).toMatchObject({ code: "CODE_ERROR", nodeId: "t" });
    expect(state.nodes.u!.status).toBe("cancelled");
  });

  //   s ─► t(infinite loop; retry 3) ─► u
  it("T2: code past its time limit (default 1 s) fails with CODE_TIMEOUT and is not retried", async () => {
    const compiled = flow()
      .trigger("s")
      .transform("t", "while (true) {}", { retry: { maxAttempts: 3, initialDelayMs: 1 } })
      .noop("u")
      .chain("s", "t", "u")
      .compile();
    const { handle, log } = runWithSandbox(compiled);
    const state = await handle.done;
    expect(state.nodes.t).toMatchObject({ status: "failed", attempts: 1, error: { code: "CODE_TIMEOUT", retryable: false } });
    expect(state.nodes.t!.error!.message).toMatch(/time limit of 1000 ms/);
    expect(log.filter((event) => event.type === "node.started" && event.nodeId === "t")).toHaveLength(1);
  });

  //   s ─► t(allocates 200 × 10 MB; retry 3) ─► u
  it("T2: code past its memory limit (default 32 MB, typed arrays included) fails with CODE_MEMORY and is not retried", async () => {
    const code = "const kept = []; for (let i = 0; i < 200; i++) kept.push(new Uint8Array(1e7)); return kept.length";
    const compiled = flow().trigger("s").transform("t", code, { retry: { maxAttempts: 3, initialDelayMs: 1 } }).noop("u").chain("s", "t", "u").compile();
    const state = await runWithSandbox(compiled).handle.done;
    expect(state.nodes.t).toMatchObject({ status: "failed", attempts: 1, error: { code: "CODE_MEMORY", retryable: false } });
    expect(state.nodes.t!.error!.message).toMatch(/memory limit of 32 MB/);
  });

  //   s ─► t(allocates 8 MB) : under the limit is fine
  it("T2: code under its memory limit runs", async () => {
    const compiled = flow().trigger("s").transform("t", "return new Uint8Array(8e6).length").chain("s", "t").compile();
    expect((await runWithSandbox(compiled).handle.done).nodes.t!.output).toBe(8e6);
  });

  //   s ─► a (slow) ─► t(transform)
  //   └──► b (fast, finished before t runs, but not upstream of t)
  //   t ─► later
  it("T3: ctx.nodes[id] is the output of a finished upstream node, else undefined", async () => {
    const clock = createVirtualClock();
    const x = scriptedExecutor({ a: after(clock, 100, output("A")), b: output("B") });
    const code = `return {
      a: ctx.nodes.a, s: ctx.nodes.s,
      b: ctx.nodes.b === undefined, self: ctx.nodes.t === undefined,
      later: ctx.nodes.later === undefined, ghost: ctx.nodes.nope === undefined,
      hasA: "a" in ctx.nodes, hasB: "b" in ctx.nodes,
    }`;
    const compiled = flow().trigger("s").noop("a", "b", "later").transform("t", code).chain("s", "a", "t", "later").edge("s", "b").compile();
    const { handle } = run(compiled, { clock, input: { go: 1 }, ports: { services: { sandbox }, executors: { noop: x.executor } } });
    const state = await handle.done;
    expect(state.nodes.b!.finishedAt! < state.nodes.t!.startedAt!).toBe(true);
    expect(state.nodes.t!.output).toEqual({ a: "A", s: { go: 1 }, b: true, self: true, later: true, ghost: true, hasA: true, hasB: false });
  });

  //   s ─► a(fails, onError continue) ─► t(transform)
  it("T3: an upstream node that failed under onError continue shows its error output", async () => {
    const x = scriptedExecutor({ a: () => Promise.reject(new Error("nope")) });
    const compiled = flow().trigger("s").node("a", { type: "noop", config: {}, onError: "continue" }).transform("t", "return ctx.nodes.a").chain("s", "a", "t").compile();
    const state = await runWithSandbox(compiled, null, { noop: x.executor }).handle.done;
    expect(state.nodes.t!.output).toEqual({ error: { code: "INTERNAL", message: "nope" } });
  });
});
