import { newQuickJSWASMModule } from "quickjs-emscripten";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flow } from "../../test-support/flow-builder.ts";
import { resume, run, statuses } from "../../test-support/run-harness.ts";
import { callsOf, output, scriptedExecutor } from "../../test-support/scripted-executors.ts";
import { createQuickJSSandbox } from "../sandbox/quickjs-sandbox.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import { validateFlow } from "../flow/validate-flow.ts";
import { formatIssue } from "../flow/flow-issue.ts";
import { foldRunLog } from "./run-state.ts";
import { planRerun } from "./plan-rerun.ts";

/** Every name Object.prototype answers to, and `__proto__`: none may mean anything to the engine. */
export const prototypeNames = [...Object.getOwnPropertyNames(Object.prototype)];

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = createQuickJSSandbox(await newQuickJSWASMModule());
});
afterAll(() => sandbox.dispose());

describe("names are data (I5)", () => {
  it("the pool covers the names the probe found", () => {
    expect(prototypeNames).toEqual(expect.arrayContaining(["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__"]));
  });

  //   s ─► X ─► d       (X named after a prototype property)
  it.each(prototypeNames)("I5: a node named %s passes its own output downstream", async (name) => {
    const x = scriptedExecutor({ [name]: output({ from: name }) });
    const compiled = flow().trigger("s").noop(name, "d").chain("s", name, "d").compile();
    const state = await run(compiled, { input: 1, ports: { executors: { noop: x.executor } } }).handle.done;
    expect(state.status).toBe("succeeded");
    expect(callsOf(x.calls, "d")[0]!.input).toEqual({ from: name });
    expect(Object.keys(state.nodes)).toEqual(["s", name, "d"]);
    expect(state.nodes[name]!.output).toEqual({ from: name });
  });

  //   X ─┐
  //   a ─┼─► d   and   X ─┬─► m(merge)
  //                   a ─┘
  it.each(prototypeNames)("I3, I5, M2: inputs keyed by upstream id keep the node %s as an own key", async (name) => {
    const x = scriptedExecutor({ [name]: output("X"), a: output("A") });
    const compiled = flow().noop(name, "a", "d").node("m", { type: "merge", config: {} }).edge(name, "d").edge("a", "d").edge(name, "m").edge("a", "m").compile();
    const state = await run(compiled, { ports: { executors: { noop: x.executor } } }).handle.done;
    const input = callsOf(x.calls, "d")[0]!.input as Record<string, unknown>;
    expect(Object.keys(input).sort()).toEqual([name, "a"].sort());
    expect(Object.getOwnPropertyDescriptor(input, name)?.value).toBe("X");
    expect(JSON.parse(JSON.stringify(input))).toEqual(JSON.parse(`{${JSON.stringify(name)}:"X","a":"A"}`));
    expect(JSON.stringify(state.nodes.m!.output)).toBe(JSON.stringify(input));
  });

  it.each(["constructor", "__proto__", "toString"])("I5, T3: ctx.nodes[%j] reads that node's output in code", async (name) => {
    const compiled = flow().trigger("s").transform(name, "return { n: input.n + 1 }").transform("t", `return [input, ctx.nodes[${JSON.stringify(name)}], ctx.nodes["valueOf"]]`).chain("s", name, "t").compile();
    const state = await run(compiled, { input: { n: 1 }, ports: { services: { sandbox } } }).handle.done;
    expect(state.nodes.t!.output).toEqual([{ n: 2 }, { n: 2 }, null]);
  });

  //   s ─► __proto__ ─► constructor ─► d : cut the log anywhere, resume, re-run
  it("L2, P1, I5: logs, resumes and re-runs of prototype-named nodes agree", async () => {
    const compiled = flow().trigger("s").noop("__proto__", "constructor", "d").chain("s", "__proto__", "constructor", "d").compile();
    const whole = run(compiled, { input: { v: 1 } });
    const state = await whole.handle.done;
    expect(statuses(state)).toEqual(JSON.parse('{"s":"succeeded","__proto__":"succeeded","constructor":"succeeded","d":"succeeded"}'));
    const log = JSON.parse(JSON.stringify(whole.log));
    expect(foldRunLog(log).nodes).toEqual(state.nodes);
    for (let cut = 1; cut < log.length; cut++) {
      const resumed = await resume(log.slice(0, cut)).handle.done;
      expect(resumed.nodes.d!.output, `cut ${cut}`).toEqual({ v: 1 });
    }
    const plan = planRerun(state, compiled, "constructor");
    expect(Object.keys(plan.reuse).sort()).toEqual(["__proto__", "s"]);
    const rerun = await run(compiled, { input: { v: 1 }, runId: "r2" }).handle.done;
    expect(rerun.nodes.d!.output).toEqual({ v: 1 });
  });

  it("I5: a flow whose ids are all prototype names validates, with no cycle found", () => {
    const nodes = prototypeNames.map((id, i) => ({ id, type: "noop", position: { x: i, y: 0 }, config: {} }));
    const edges = prototypeNames.slice(1).map((id, i) => ({ id: prototypeNames[i]!, source: prototypeNames[i]!, target: id }));
    const result = validateFlow({ schemaVersion: 1, id: "f", name: "f", nodes, edges });
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([]);
    expect(({} as Record<string, unknown>).previous).toBeUndefined(); // nothing leaked onto Object.prototype
  });

  it("I5: a cycle through __proto__ is named, not a crash", () => {
    const nodes = ["__proto__", "constructor"].map((id) => ({ id, type: "noop", position: { x: 0, y: 0 }, config: {} }));
    const edges = [
      { id: "toString", source: "__proto__", target: "constructor" },
      { id: "__proto__", source: "constructor", target: "__proto__" },
    ];
    const result = validateFlow({ schemaVersion: 1, id: "f", name: "f", nodes, edges });
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual(["edges[1]: cycle: __proto__ → constructor → __proto__"]);
  });
});
