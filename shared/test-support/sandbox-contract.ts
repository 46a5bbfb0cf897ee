import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRun, type JsonValue } from "../src/index.ts";
import type { CodeScope, Sandbox, SandboxResult } from "../src/sandbox/sandbox.ts";
import { flow } from "./flow-builder.ts";
import { createRealClock } from "./real-clock.ts";

function scopeOf(input: JsonValue = null, outputs: Record<string, JsonValue> = {}, runInput: JsonValue = { start: true }): CodeScope & { lookups: string[] } {
  const lookups: string[] = [];
  const nodeOutput = (id: string) => (lookups.push(id), Object.hasOwn(outputs, id) ? outputs[id] : undefined);
  return { input, runId: "run-1", runInput, nodeOutput, lookups };
}

const failure = (code: string, message: string, retryable = false): SandboxResult => ({ ok: false, error: { code, message, retryable } });

async function timed<T>(act: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await act();
  return { value, ms: performance.now() - started };
}

/**
 * What every implementation of the Sandbox port must do: QuickJS on the caller's thread and
 * the worker pools alike. `make` returns a ready sandbox with the default limits.
 * @example sandboxContract("in-thread", async () => createQuickJSSandbox(await newQuickJSWASMModule()))
 */
export function sandboxContract(name: string, make: () => Promise<Sandbox>): void {
  describe(`Sandbox contract: ${name}`, () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await make();
    });
    afterAll(() => sandbox.dispose());

    it("runs a function body and evaluates an expression over input and ctx.run", async () => {
      expect(await sandbox.runFunction("return { n: input.n * 2 }", scopeOf({ n: 2 }))).toEqual({ ok: true, value: { n: 4 } });
      expect(await sandbox.runFunction("const x = input;", scopeOf(1))).toEqual({ ok: true, value: null });
      expect(await sandbox.evaluate("input.n > 1 && ctx.run.id === 'run-1'", scopeOf({ n: 2 }))).toEqual({ ok: true, value: true });
    });

    it("T3: reads ctx.nodes and ctx.run.input, whether the source names them or computes the names", async () => {
      const outputs = { a: { x: 1 }, "b c": 2, constructor: 3 };
      expect(await sandbox.runFunction("return [ctx.nodes.a.x, ctx.nodes['b c'], ctx.nodes.missing, 'a' in ctx.nodes]", scopeOf(null, outputs))).toEqual({ ok: true, value: [1, 2, null, true] });
      const computed = "const c = ctx, k = input.key; return [c['no' + 'des'][k], c['ru' + 'n']['in' + 'put'].start, c.nodes[k + 'x']]";
      expect(await sandbox.runFunction(computed, scopeOf({ key: "constructor" }, outputs))).toEqual({ ok: true, value: [3, true, null] });
      expect(await sandbox.runFunction(computed, scopeOf({ key: "a" }, outputs))).toEqual({ ok: true, value: [{ x: 1 }, true, null] });
      expect(await sandbox.evaluate("ctx.nodes[input]", scopeOf("b c", outputs))).toEqual({ ok: true, value: 2 });
    });

    it("reports throws, syntax errors and non-JSON results with their codes", async () => {
      expect(await sandbox.runFunction("throw new TypeError('bad input')", scopeOf())).toEqual(failure("CODE_ERROR", "bad input"));
      expect(await sandbox.runFunction("const a = 1;\nconst b = ;", scopeOf())).toEqual(failure("CODE_SYNTAX", "unexpected token in expression: ';' (line 2)"));
      expect(await sandbox.runFunction("return 10n", scopeOf())).toEqual(failure("CODE_OUTPUT", "The return value is not JSON: Do not know how to serialize a BigInt"));
    });

    it("T2: stops an endless loop at its time limit with CODE_TIMEOUT, and stays usable", async () => {
      const { value, ms } = await timed(async () => sandbox.runFunction("for (;;) {}", scopeOf(), { timeLimitMs: 200 }));
      expect(value).toEqual(failure("CODE_TIMEOUT", "Code exceeded its time limit of 200 ms"));
      expect(ms).toBeGreaterThanOrEqual(190);
      expect(ms).toBeLessThan(1000);
      expect(await sandbox.runFunction("return input", scopeOf(7))).toEqual({ ok: true, value: 7 });
    });

    it("R3: an attempt budget below the code's limit is the deadline, and fails with TIMEOUT", async () => {
      const { value, ms } = await timed(async () => sandbox.runFunction("for (;;) {}", scopeOf(), { attemptTimeoutMs: 50 }));
      expect(value).toEqual(failure("TIMEOUT", "attempt timed out after 50 ms", true));
      expect(ms).toBeLessThan(600);
      const above = await sandbox.runFunction("for (;;) {}", scopeOf(), { timeLimitMs: 100, attemptTimeoutMs: 5000 });
      expect(above).toEqual(failure("CODE_TIMEOUT", "Code exceeded its time limit of 100 ms"));
    });

    it("T2: stops code past its memory limit with CODE_MEMORY, and stays usable", async () => {
      const hog = "const kept = []; for (let i = 0; i < 200; i++) kept.push(new Uint8Array(1e6)); return kept.length";
      expect(await sandbox.runFunction(hog, scopeOf(), { memoryLimitBytes: 16 * 1024 * 1024, timeLimitMs: 20_000 })).toEqual(failure("CODE_MEMORY", "Code exceeded its memory limit of 16 MB"));
      expect(await sandbox.runFunction("return new Uint8Array(12e6).length", scopeOf(), { timeLimitMs: 20_000 })).toEqual({ ok: true, value: 12e6 });
    });

    it("answers 2,000 concurrent calls of mixed sources, each with its own input", async () => {
      const bodies = ["return input * 2", "return ctx.nodes.a + input", "throw new Error('no ' + input)", "return ctx.nodes[String(input % 3)] ?? null"];
      const outputs = { a: 1000, "0": "zero", "1": "one" };
      const results = await Promise.all(Array.from({ length: 2000 }, (_, i) => sandbox.runFunction(bodies[i % 4]!, scopeOf(i, outputs))));
      const expected = (i: number): SandboxResult =>
        [{ ok: true, value: i * 2 }, { ok: true, value: 1000 + i }, failure("CODE_ERROR", `no ${i}`), { ok: true, value: ["zero", "one", null][i % 3]! }][i % 4] as SandboxResult;
      expect(results).toEqual(results.map((_, i) => expected(i)));
    });

    //   s ─► t(for(;;){}, timeoutMs 50) : R3 through the engine, with a real clock
    it("R3: a transform with timeoutMs 50 that spins fails after about 50 ms with TIMEOUT, not after 1 s with CODE_TIMEOUT", async () => {
      const compiled = flow().trigger("s").transform("t", "for (;;) {}", { timeoutMs: 50 }).chain("s", "t").compile();
      const { value: state, ms } = await timed(() => startRun({ compiled, runId: "r3", input: null }, { clock: createRealClock(), services: { sandbox } }).done);
      expect(state.nodes.t).toMatchObject({ status: "failed", error: { code: "TIMEOUT", retryable: true } });
      expect(ms).toBeLessThan(600);
    });

  });
}
