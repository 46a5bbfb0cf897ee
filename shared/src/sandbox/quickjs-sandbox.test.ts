import { getQuickJS } from "quickjs-emscripten";
import { newQuickJSWASMModuleFromVariant, type QuickJSWASMModule } from "quickjs-emscripten-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/index.ts";
import type { JsonValue } from "../json.ts";
import { createQuickJSSandbox, type CodeScope, type SandboxResult, type SyncSandbox } from "./index.ts";

const MiB = 1024 * 1024;

/** The Node build (quickjs-emscripten's default) and the browser build (core + one wasm file). */
const variants = [
  { name: "quickjs-emscripten getQuickJS()", load: () => getQuickJS() },
  {
    name: "quickjs-emscripten-core + @jitl/quickjs-wasmfile-release-sync",
    load: () => newQuickJSWASMModuleFromVariant(import("@jitl/quickjs-wasmfile-release-sync")),
  },
];

function scopeOf(input: JsonValue = null, outputs: Record<string, JsonValue> = {}): CodeScope & { lookups: string[] } {
  const lookups: string[] = [];
  const nodeOutput = (id: string) => {
    lookups.push(id);
    return outputs[id];
  };
  return { input, runId: "run-1", runInput: { start: true }, nodeOutput, lookups };
}

const failure = (code: string, message: string): SandboxResult => ({ ok: false, error: { code, message, retryable: false } });
const wasmHeapBytes = (module: QuickJSWASMModule) => module.getWasmMemory().buffer.byteLength;

/** Each allocates far more than 32 MB in total; none may get it, whatever the allocation path. */
const HOSTILE_ALLOCATIONS = [
  "return 'x'.repeat(1e9).length",
  "return new Uint8Array(1e9).length",
  "const kept = []; for (let i = 0; i < 200; i++) kept.push(new Uint8Array(1e7)); return kept.length",
  "const kept = []; for (let i = 0; i < 200; i++) kept.push(new DataView(new ArrayBuffer(1e7))); return kept.length",
  "const b = new ArrayBuffer(1e7); const kept = []; for (let i = 0; i < 200; i++) kept.push(b.slice(0)); return kept.length",
  "const a = new Float64Array(1.25e6); const kept = []; for (let i = 0; i < 200; i++) kept.push(a.slice()); return kept.length",
  "return Uint8Array.from({ length: 1e9 }).length",
  "const b = new ArrayBuffer(1, { maxByteLength: 1e9 }); b.resize(1e9); return b.byteLength",
  "const kept = []; for (let i = 0; i < 200; i++) kept.push('x'.repeat(1e7) + i); return kept.length",
  "const kept = []; for (let i = 0; i < 1e7; i++) kept.push({ i }); return kept.length",
];

/** What QuickJS may show user code: ECMAScript built-ins, plus QuickJS's InternalError. */
const ALLOWED_GLOBALS = new Set(
  ("Error EvalError RangeError ReferenceError SyntaxError TypeError URIError InternalError AggregateError Array Object " +
    "Function Iterator parseInt parseFloat isNaN isFinite decodeURI decodeURIComponent encodeURI encodeURIComponent " +
    "escape unescape Infinity NaN undefined eval Number Boolean String Math Reflect Symbol globalThis BigInt Date " +
    "RegExp JSON Proxy Map Set WeakMap WeakSet ArrayBuffer Uint8ClampedArray Int8Array Uint8Array Int16Array " +
    "Uint16Array Int32Array Uint32Array BigInt64Array BigUint64Array Float16Array Float32Array Float64Array DataView " +
    "Promise WeakRef FinalizationRegistry").split(" "),
);

describe.each(variants)("QuickJS sandbox on $name", ({ load }) => {
  let module: QuickJSWASMModule;
  let sandbox: SyncSandbox;
  /** The module's heap before its first sandbox; each live sandbox may add its limit to it. */
  let heapAtLoad: number;
  beforeAll(async () => {
    module = await load();
    heapAtLoad = wasmHeapBytes(module);
    sandbox = createQuickJSSandbox(module);
  });
  afterAll(() => sandbox.dispose());

  describe("running code", () => {
    it("runs a function body over input and returns its JSON value", () => {
      expect(sandbox.runFunction("return { n: input.n * 2 }", scopeOf({ n: 2 }))).toEqual({ ok: true, value: { n: 4 } });
      expect(sandbox.runFunction("const x = input.n;", scopeOf({ n: 1 }))).toEqual({ ok: true, value: null });
    });

    it("evaluates a single expression over input and ctx", () => {
      expect(sandbox.evaluate("input.n > 1 && ctx.run.id === 'run-1'", scopeOf({ n: 2 }))).toEqual({ ok: true, value: true });
      expect(sandbox.evaluate("input.s // a trailing comment", scopeOf({ s: "x" }))).toEqual({ ok: true, value: "x" });
    });

    it("looks node outputs up lazily, once per id and call", () => {
      const scope = scopeOf(null, { a: { x: 1 }, b: { x: 100 } });
      const body = "return [ctx.nodes.a.x + ctx.nodes.a.x, ctx.nodes.missing === undefined, 'a' in ctx.nodes, ctx.run.input]";
      expect(sandbox.runFunction(body, scope)).toEqual({ ok: true, value: [2, true, true, { start: true }] });
      expect(scope.lookups).toEqual(["a", "missing"]);
    });

    it("gives ctx to code that can reach it (by name, a \\u escape, arguments, a closure) and answers code that cannot as before", () => {
      expect(sandbox.runFunction("return arguments[1].run.id", scopeOf())).toEqual({ ok: true, value: "run-1" });
      expect(sandbox.runFunction("return arguments.length", scopeOf())).toEqual({ ok: true, value: 2 });
      expect(sandbox.runFunction("return \\u0063tx.run.id", scopeOf())).toEqual({ ok: true, value: "run-1" });
      expect(sandbox.evaluate("[1].map(() => ctx.nodes.a)[0]", scopeOf(null, { a: 7 }))).toEqual({ ok: true, value: 7 });
      // No ctx is built for these (mayReadCtx): the same answers as with one.
      expect(sandbox.runFunction("return { v: (input.v || 0) + 1 }", scopeOf({ v: 1 }))).toEqual({ ok: true, value: { v: 2 } });
      expect(sandbox.evaluate("typeof input", scopeOf(1))).toEqual({ ok: true, value: "number" });
    });

    it("compiles each distinct source once and keeps one context across calls", () => {
      const counter = "return (arguments.callee.calls = (arguments.callee.calls || 0) + 1)";
      const calls = [1, 2, 3].map(() => sandbox.runFunction(counter, scopeOf()));
      expect(calls.map((r) => (r.ok ? r.value : r.error.message))).toEqual([1, 2, 3]);
      expect(sandbox.evaluate(counter.slice("return ".length), scopeOf())).toEqual({ ok: true, value: 1 });
      sandbox.runFunction("globalThis.seen = 'kept'", scopeOf());
      expect(sandbox.evaluate("globalThis.seen", scopeOf())).toEqual({ ok: true, value: "kept" });
    });

    it("is not broken by user code that replaces the built-ins it uses", () => {
      sandbox.runFunction("JSON.parse = () => 1; JSON.stringify = () => '\"x\"'; globalThis.Proxy = null;", scopeOf());
      expect(sandbox.runFunction("return { n: input.n, a: ctx.nodes.a }", scopeOf({ n: 3 }, { a: 1 }))).toEqual({ ok: true, value: { n: 3, a: 1 } });
    });
  });

  describe("errors", () => {
    it("reports a throw as CODE_ERROR with the thrown message", () => {
      expect(sandbox.runFunction("throw new TypeError('bad input')", scopeOf())).toEqual(failure(ErrorCode.CodeError, "bad input"));
      expect(sandbox.runFunction("throw 'plain string'", scopeOf())).toEqual(failure(ErrorCode.CodeError, "plain string"));
      expect(sandbox.runFunction("throw { code: 1 }", scopeOf())).toEqual(failure(ErrorCode.CodeError, "[object Object]"));
      expect(sandbox.evaluate("input.a.b", scopeOf({}))).toMatchObject({ ok: false, error: { code: ErrorCode.CodeError } });
    });

    it("reports a syntax error as CODE_SYNTAX with QuickJS's message and the line", () => {
      const result = sandbox.runFunction("const a = 1;\nconst b = ;\nreturn a", scopeOf());
      expect(result).toEqual(failure(ErrorCode.CodeSyntax, "unexpected token in expression: ';' (line 2)"));
      expect(sandbox.evaluate("1 +", scopeOf())).toMatchObject({ ok: false, error: { code: ErrorCode.CodeSyntax } });
    });

    it("reports a return value that is not JSON as CODE_OUTPUT", () => {
      const outputError = (body: string) => sandbox.runFunction(body, scopeOf());
      expect(outputError("return 10n")).toEqual(failure(ErrorCode.CodeOutput, "The return value is not JSON: Do not know how to serialize a BigInt"));
      expect(outputError("const a = {}; a.self = a; return a")).toEqual(failure(ErrorCode.CodeOutput, "The return value is not JSON: circular reference"));
      expect(outputError("return () => 1")).toEqual(failure(ErrorCode.CodeOutput, "The return value is not JSON: it is a function"));
      expect(outputError("return (async () => 1)()")).toMatchObject({ ok: false, error: { code: ErrorCode.CodeOutput } });
    });

    it("stops an endless loop with CODE_TIMEOUT, honours a per-call limit, and stays usable", () => {
      expect(sandbox.runFunction("while (true) {}", scopeOf())).toEqual(failure(ErrorCode.CodeTimeout, "Code exceeded its time limit of 1000 ms"));
      expect(sandbox.runFunction("return input", scopeOf(7))).toEqual({ ok: true, value: 7 });
      const started = Date.now();
      const result = sandbox.evaluate("(() => { for (;;) {} })()", scopeOf(), { timeLimitMs: 50 });
      expect(result).toEqual(failure(ErrorCode.CodeTimeout, "Code exceeded its time limit of 50 ms"));
      expect(Date.now() - started).toBeLessThan(900);
    });

    it("rebuilds its runtime after a timeout, so cached functions are compiled again", () => {
      const counter = "return (arguments.callee.runs = (arguments.callee.runs || 0) + 1)";
      sandbox.runFunction(counter, scopeOf());
      expect(sandbox.runFunction(counter, scopeOf())).toEqual({ ok: true, value: 2 });
      sandbox.runFunction("for (;;) {}", scopeOf(), { timeLimitMs: 20 });
      expect(sandbox.runFunction(counter, scopeOf())).toEqual({ ok: true, value: 1 });
    });

    it("turns runaway recursion and deep nesting into clear errors, not crashes", () => {
      const stack = failure(ErrorCode.CodeError, "Maximum call stack size exceeded");
      // A roomy time limit: this is about the stack, and a loaded machine may pass 1 s here.
      const stackOnly = { timeLimitMs: 20_000 };
      expect(sandbox.runFunction("function f() { return f() + 1 } return f()", scopeOf(), stackOnly)).toEqual(stack);
      expect(sandbox.runFunction("return JSON.parse('['.repeat(1e5) + ']'.repeat(1e5))", scopeOf(), stackOnly)).toEqual(stack);
      expect(sandbox.runFunction("let o = 1; for (let i = 0; i < 1e5; i++) o = [o]; return JSON.stringify(o)", scopeOf(), stackOnly)).toEqual(stack);
      expect(sandbox.runFunction("let o = 1; for (let i = 0; i < 1e5; i++) o = [o]; return o", scopeOf(), stackOnly)).toMatchObject({ ok: false, error: { code: ErrorCode.CodeOutput } });
      expect(sandbox.runFunction(`return ${"(".repeat(1e5)}1${")".repeat(1e5)}`, scopeOf(), stackOnly)).toMatchObject({ ok: false, error: { code: ErrorCode.CodeSyntax } });
      expect(sandbox.runFunction("function f(n) { return n && 1 + f(n - 1) } return f(200)", scopeOf(), stackOnly)).toEqual({ ok: true, value: 200 });
    });
  });

  describe("memory", () => {
    // A roomy time limit: on a loaded machine an allocation loop could otherwise hit the
    // 1 s limit first, and these tests are about what stops memory.
    const memoryOnly = { timeLimitMs: 20_000 };

    it("fails every hostile allocation with CODE_MEMORY, keeps the heap and RSS bounded, and stays usable", () => {
      const guarded = createQuickJSSandbox(module, memoryOnly);
      const rssBefore = process.memoryUsage().rss;
      for (const body of HOSTILE_ALLOCATIONS) {
        expect(guarded.runFunction(body, scopeOf()), body).toEqual(failure(ErrorCode.CodeMemory, "Code exceeded its memory limit of 32 MB"));
        expect(guarded.runFunction("return input.n + 1", scopeOf({ n: 1 }))).toEqual({ ok: true, value: 2 });
      }
      expect(wasmHeapBytes(module)).toBeLessThanOrEqual(heapAtLoad + 2 * 32 * MiB); // Two live sandboxes.
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * MiB);
      guarded.dispose();
    });

    it("does not let sandboxes made one after another ratchet the heap up", () => {
      for (let i = 0; i < 4; i++) {
        const shortLived = createQuickJSSandbox(module, memoryOnly);
        const hog = "globalThis.kept = []; for (;;) kept.push(new Uint8Array(1e6))";
        expect(shortLived.runFunction(hog, scopeOf())).toMatchObject({ ok: false, error: { code: ErrorCode.CodeMemory } });
        shortLived.dispose();
      }
      expect(wasmHeapBytes(module)).toBeLessThanOrEqual(heapAtLoad + 2 * 32 * MiB);
    });

    it("counts live bytes, not allocations, and honours a per-call memory limit", () => {
      const churn = "let n = 0; for (let i = 0; i < 50; i++) n += new Uint8Array(4e6).length; return n";
      expect(sandbox.runFunction(churn, scopeOf())).toEqual({ ok: true, value: 2e8 });
      const twelveMb = "return new Uint8Array(12e6).length";
      expect(sandbox.runFunction(twelveMb, scopeOf())).toEqual({ ok: true, value: 12e6 });
      expect(sandbox.runFunction(twelveMb, scopeOf(), { memoryLimitBytes: 8 * MiB })).toEqual(failure(ErrorCode.CodeMemory, "Code exceeded its memory limit of 8 MB"));
      expect(sandbox.runFunction(twelveMb, scopeOf())).toEqual({ ok: true, value: 12e6 });
    });
  });

  describe("isolation and lifetime", () => {
    it("shows user code only ECMAScript built-ins, with eval and Function disabled", () => {
      const probe = "return ['fetch', 'require', 'process', 'std', 'os', 'console', 'print', 'SharedArrayBuffer', 'Atomics'].map((n) => typeof globalThis[n])";
      expect(sandbox.runFunction(probe, scopeOf())).toEqual({ ok: true, value: Array(9).fill("undefined") });
      const names = sandbox.evaluate("Object.getOwnPropertyNames(globalThis)", scopeOf());
      const unexpected = names.ok ? (names.value as string[]).filter((n) => !ALLOWED_GLOBALS.has(n) && n !== "seen") : ["<failed>"];
      expect(unexpected).toEqual([]);
      const disabled = "eval and the Function constructor are disabled in the sandbox";
      for (const body of ["return eval('1')", "return Function('return 1')()", "return (function* () {}).constructor('yield 1')"]) {
        expect(sandbox.runFunction(body, scopeOf())).toEqual(failure(ErrorCode.CodeError, disabled));
      }
      expect(sandbox.evaluate("(() => 1) instanceof Function && typeof Function.prototype.call", scopeOf())).toEqual({ ok: true, value: "function" });
    });

    it("disposes every handle: 10,000 mixed calls, then dispose() passes QuickJS's leak check", () => {
      const own = createQuickJSSandbox(module);
      const bodies = ["return { n: input.n * 2 }", "throw new Error('x')", "return 1n", "return ctx.nodes.a", "return )"];
      for (let i = 0; i < 10_000; i++) own.runFunction(bodies[i % bodies.length]!, scopeOf({ n: i }, { a: i }));
      expect(() => own.dispose()).not.toThrow();
      expect(() => own.runFunction("return 1", scopeOf())).toThrow(/disposed/);
      expect(() => own.dispose()).not.toThrow();
    });

    it("reports a host stack overflow inside wasm as an error and recovers on a fresh runtime", () => {
      // With QuickJS's own budget far above the default, its recursion runs out of the host's
      // stack inside wasm first, every time. (At the default budget that takes a host stack
      // already nearly spent, in a band a few bytes wide that moves with V8's tiering.)
      const own = createQuickJSSandbox(module, {}, { runStackBytes: 1024 * 1024 });
      const fault = own.runFunction("function f() { return f() } return f()", scopeOf());
      expect(fault).toMatchObject({ ok: false, error: { code: ErrorCode.CodeError, retryable: false } });
      expect(fault.ok ? "" : fault.error.message).toContain("host's stack");
      expect(own.runFunction("return input", scopeOf("fine"))).toEqual({ ok: true, value: "fine" });
      own.dispose();
    });
  });

  it("runs a small warm transform fast (median of 2,000 calls)", () => {
    const scope = scopeOf({ n: 21 });
    const body = "return { n: input.n * 2 }";
    for (let i = 0; i < 200; i++) sandbox.runFunction(body, scope);
    const times: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const started = performance.now();
      sandbox.runFunction(body, scope);
      times.push(performance.now() - started);
    }
    const medianUs = times.sort((a, b) => a - b)[1000]! * 1000;
    console.log(`QuickJS warm call median: ${medianUs.toFixed(1)} µs`);
    expect(medianUs).toBeLessThan(200);
  });
});
