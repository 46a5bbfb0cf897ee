import { newQuickJSWASMModule } from "quickjs-emscripten";
import { describe, expect, it } from "vitest";
import { runCodeCall, scanNodeReads, type CodeCall } from "./code-call.ts";
import { createQuickJSSandbox } from "./quickjs-sandbox.ts";

describe("scanNodeReads", () => {
  it("finds the node ids a source names, in dot, bracket and template-literal form", () => {
    const source = "const a = ctx.nodes.first.x, b = ctx.nodes['b c'], c = nodes[\"q\\\"\"], d = ctx.nodes[`tpl`]; return nodes . spaced";
    expect(scanNodeReads(source)).toEqual({ ids: ["first", "b c", "tpl", "spaced"], runInput: false });
  });

  it("ignores computed names, and notices ctx.run.input in any spelling it can see", () => {
    expect(scanNodeReads("return ctx.nodes[input.key]")).toEqual({ ids: [], runInput: false });
    expect(scanNodeReads("return ctx.run.input.n")).toEqual({ ids: [], runInput: true });
    expect(scanNodeReads("const { run } = ctx; return run['input']")).toEqual({ ids: [], runInput: true });
    expect(scanNodeReads("return ctx.run.id")).toEqual({ ids: [], runInput: false });
  });
});

describe("runCodeCall", () => {
  const call = (source: string, extra: Partial<CodeCall> = {}): CodeCall => ({ id: 7, kind: "function", source, input: 1, runId: "r", nodes: [], limits: undefined, ...extra });

  it("answers from the values the call carries, 'not finished' included", async () => {
    const sandbox = createQuickJSSandbox(await newQuickJSWASMModule());
    const carried = call("return [ctx.nodes.a, ctx.nodes.b === undefined, ctx.run.input]", { nodes: [["a", 5], ["b", undefined]], runInput: { value: "in" } });
    expect(runCodeCall(sandbox, carried)).toEqual({ id: 7, result: { ok: true, value: [5, true, "in"] } });
    sandbox.dispose();
  });

  it("names what the code read beyond the call, instead of answering with a wrong value", async () => {
    const sandbox = createQuickJSSandbox(await newQuickJSWASMModule());
    expect(runCodeCall(sandbox, call("try { return ctx.nodes[input + 'x'] ?? ctx.run.input } catch { return 0 }"))).toEqual({ id: 7, needs: ["1x"], needsRunInput: true });
    sandbox.dispose();
  });
});
