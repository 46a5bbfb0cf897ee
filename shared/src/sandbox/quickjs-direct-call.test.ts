import { getQuickJS } from "quickjs-emscripten";
import { newQuickJSWASMModuleFromVariant, type QuickJSContext, type QuickJSHandle } from "quickjs-emscripten-core";
import { afterEach, describe, expect, it } from "vitest";
import { createDirectCall } from "./quickjs-direct-call.ts";

/** The Node build and the browser build (the app's worker): both must take the direct path. */
const variants = [
  { name: "quickjs-emscripten getQuickJS()", load: () => getQuickJS() },
  { name: "core + @jitl/quickjs-wasmfile-release-sync", load: () => newQuickJSWASMModuleFromVariant(import("@jitl/quickjs-wasmfile-release-sync")) },
];

/** A helper shaped like the sandbox's: (fn, inputJson, runId) → string. */
const HELPER = "(function (fn, inputJson, runId) { return String(fn(JSON.parse(inputJson), runId)); })";

describe.each(variants)("direct call ($name)", ({ load }) => {
  let context: QuickJSContext | undefined;
  afterEach(() => context?.dispose());

  /** The same call through the public API, for comparison. */
  function publicCall(helper: QuickJSHandle, fn: QuickJSHandle, inputJson: string, runId: QuickJSHandle): string | unknown {
    const input = context!.newString(inputJson);
    const result = context!.callFunction(helper, context!.undefined, fn, input, runId);
    input.dispose();
    if (result.error) return dumpAndDispose(result.error);
    return result.value.consume((value) => context!.getString(value));
  }

  function dumpAndDispose(handle: QuickJSHandle): unknown {
    const dumped: unknown = context!.dump(handle);
    handle.dispose();
    return dumped;
  }

  it("is available, and answers what callFunction answers, thrown values included", async () => {
    context = (await load()).newContext();
    const direct = createDirectCall(context);
    expect(direct).toBeDefined(); // an upgrade of quickjs-emscripten that drops it must be noticed
    const helper = context.unwrapResult(context.evalCode(HELPER));
    const runId = context.newString("run-é");
    const cases: Array<[string, string]> = [
      ["(input, runId) => input.v + 1 + runId", '{"v":1}'],
      ["(input) => JSON.stringify(input)", '{"text":"ünïcødé ✓ 𝄞","n":[1,2,3]}'],
      ["(input) => { throw new TypeError('bad ' + input) }", "7"],
      ["() => { throw 42 }", "null"],
      ["(input) => 'x'.repeat(input)", "100000"],
    ];
    for (const [source, inputJson] of cases) {
      const fn = context.unwrapResult(context.evalCode(source));
      const viaDirect = direct!.call(helper, fn, inputJson, runId);
      const expected = publicCall(helper, fn, inputJson, runId);
      if (typeof viaDirect === "string") expect(viaDirect).toBe(expected);
      else expect(dumpAndDispose(viaDirect)).toEqual(expected);
      fn.dispose();
    }
    direct!.dispose();
    runId.dispose();
    helper.dispose();
  });

  it("leaves nothing allocated behind after many calls", async () => {
    const module = await load();
    context = module.newContext();
    const direct = createDirectCall(context)!;
    const helper = context.unwrapResult(context.evalCode(HELPER));
    const fn = context.unwrapResult(context.evalCode("(input) => input.s.length"));
    const runId = context.newString("r");
    const heapBefore = module.getWasmMemory().buffer.byteLength;
    const input = JSON.stringify({ s: "y".repeat(64 * 1024) });
    for (let i = 0; i < 2000; i++) expect(direct.call(helper, fn, input, runId)).toBe(String(64 * 1024));
    expect(module.getWasmMemory().buffer.byteLength).toBe(heapBefore);
    for (const handle of [fn, helper, runId]) handle.dispose();
    direct.dispose();
    // QuickJS asserts on context disposal that every value it made was freed.
    context.dispose();
    context = undefined;
  });
});
