/**
 * The QuickJS implementation of the `Sandbox` port: one runtime and one context per sandbox,
 * each distinct body compiled once, data passed in and out as JSON strings.
 *
 * Why the extra guards: under Emscripten, QuickJS counts 0 bytes per allocation
 * (`malloc_usable_size` is unavailable), so the runtime's memory limit only rejects a single
 * allocation larger than the limit; many smaller strings or typed arrays sail past it. We
 * therefore also cap the growth of the module's WebAssembly heap while a call runs. And the
 * host's native stack can overflow inside wasm before QuickJS's stack check fires (the parser
 * and `JSON.stringify` use far more native than emulated stack), so the stack limit is small,
 * compiling uses a smaller one, and `eval` / `Function` are disabled inside.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from "quickjs-emscripten-core";
import { ErrorCode } from "../errors/index.ts";
import type { JsonValue } from "../json.ts";
import { createDirectCall, type DirectCall } from "./quickjs-direct-call.ts";
import { guardHeap, type HeapGuard, type WasmMemory } from "./heap-guard.ts";
import { defaultSandboxLimits, type CodeScope, type SandboxCallLimits, type SandboxLimits, type SandboxResult, type SyncSandbox } from "./sandbox.ts";

/** QuickJS stack budget while user code runs: deep enough for ~350 plain recursive calls. */
const RUN_STACK_BYTES = 64 * 1024;
/** The parser is the worst ratio of native to emulated stack, so it gets the least. */
const COMPILE_STACK_BYTES = 24 * 1024;
/** Compiled functions kept per sandbox; beyond this the cache starts over. */
const MAX_COMPILED = 256;
/** Each host stack overflow leaks some of the module's emulated stack; stop before it runs out. */
const MAX_HOST_FAULTS = 8;

/**
 * Runs once per context and returns the per-call helper. Built-ins are captured first so user
 * code that replaces globals cannot break the helper. The helper returns the result's JSON
 * as is (no JSON text starts with u, e, o or m), or a tagged string: `u` (undefined),
 * `e` + thrown message, `o` + output problem, `m` (out of memory). Untagged, the host parses
 * the text it got without cutting a tag off first (a copy of every result).
 */
const BOOTSTRAP = `(function (readNode, readRunInput) {
  "use strict";
  const G = globalThis, parse = JSON.parse, stringify = JSON.stringify, create = Object.create;
  const define = Object.defineProperty, protoOf = Object.getPrototypeOf, P = Proxy, S = String;
  const InternalError = G.InternalError, ErrorClass = Error, PromiseClass = Promise;
  const deny = function () { throw new TypeError("eval and the Function constructor are disabled in the sandbox"); };
  const FunctionStub = function Function() { deny(); };
  define(FunctionStub, "prototype", { value: Function.prototype, writable: false });
  define(Function.prototype, "constructor", { value: FunctionStub, writable: false, configurable: false });
  for (const f of [function* () {}, async function () {}, async function* () {}]) {
    define(protoOf(f), "constructor", { value: deny, writable: false, configurable: false });
  }
  [G.Function, G.eval] = [FunctionStub, deny];
  delete G.SharedArrayBuffer, delete G.Atomics;
  const nodes = {
    get(cache, id) {
      if (typeof id !== "string") return undefined;
      if (!(id in cache)) { const json = readNode(id); cache[id] = json === undefined ? undefined : parse(json); }
      return cache[id];
    },
    has(cache, id) { return nodes.get(cache, id) !== undefined; },
  };
  function makeCtx(runId) {
    let runInput, loaded = false;
    const run = { id: runId, get input() { if (!loaded) { runInput = parse(readRunInput()); loaded = true; } return runInput; } };
    return { nodes: new P(create(null), nodes), run };
  }
  const isOom = (e) => e instanceof InternalError && e.message === "out of memory";
  function describe(e) {
    try {
      if (e instanceof ErrorClass && e.message === "stack overflow") return "Maximum call stack size exceeded";
      return e instanceof ErrorClass ? S(e.message) || S(e.name) : S(e);
    } catch (inner) { if (isOom(inner)) throw inner; return "a value that cannot be turned into a string was thrown"; }
  }
  function encode(out) {
    if (out === undefined) return "u";
    if (out instanceof PromiseClass) return "oThe code returned a Promise; async code is not supported";
    let json;
    try { json = stringify(out); } catch (e) { return isOom(e) ? "m" : "oThe return value is not JSON: " + describe(e); }
    return json === undefined ? "oThe return value is not JSON: it is a " + typeof out : json;
  }
  return function call(fn, inputJson, runId) {
    let out;
    // Compiled without a ctx parameter when its code cannot read one (mayReadCtx): none is built.
    try { out = fn(parse(inputJson), fn.length > 1 ? makeCtx(runId) : undefined); } catch (e) { return isOom(e) ? "m" : "e" + describe(e); }
    return encode(out);
  };
})`;

type Kind = "function" | "expression";

interface Call {
  readonly kind: Kind;
  readonly source: string;
  readonly scope: CodeScope;
  readonly limits: SandboxLimits;
  /** The attempt's budget when it ends before `limits.timeLimitMs` (SPEC R3). */
  readonly attemptTimeoutMs: number | undefined;
}

/** One sandbox's mutable state; the host functions and the interrupt handler read it. */
interface Session {
  readonly module: QuickJSWASMModule;
  readonly base: SandboxLimits;
  readonly heap: HeapGuard;
  /** `undefined` after a call discarded the runtime, until the next call makes a new one. */
  vm: Vm | undefined;
  disposed: boolean;
  hostFaults: number;
  deadline: number;
  interrupted: boolean;
  scope: CodeScope | undefined;
  /** See `QuickJSSandboxOptions.overtime`. */
  readonly overtime: (() => number | undefined) | undefined;
  readonly runStackBytes: number;
}

interface Vm {
  readonly runtime: QuickJSRuntime;
  readonly context: QuickJSContext;
  readonly helper: QuickJSHandle;
  /** The per-call crossing without handle objects, when quickjs-emscripten's internals allow it. */
  readonly direct: DirectCall | undefined;
  /** By kind, then by source: the source string itself is the key, so its hash is computed once, not per call. */
  readonly compiled: Record<Kind, Map<string, QuickJSHandle>>;
  memoryLimit: number;
  /** The last run id passed in, kept as a handle: the calls of one run share it. */
  runId: { readonly id: string; readonly handle: QuickJSHandle } | undefined;
  /** QuickJS's stack budget while user code runs (compiling lowers it for a moment). */
  readonly runStackBytes: number;
}

export interface QuickJSSandboxOptions {
  /**
   * Asked when a call passes its deadline by the wall clock: a later deadline (`Date.now()`
   * time) lets the call go on, `undefined` stops it. The inline lane uses it to tell code that
   * was busy from code whose thread the OS had preempted (see inline-lane.ts).
   */
  readonly overtime?: () => number | undefined;
  /**
   * QuickJS's own stack budget while user code runs (default 64 KiB). Far above the default,
   * deep recursion exhausts the host's stack inside wasm before QuickJS's own check: the
   * sandbox survives that too (a fresh runtime), and its test sets this to get there for sure.
   */
  readonly runStackBytes?: number;
}

/**
 * Creates a sandbox that runs user code in QuickJS with no host access, within a time and a
 * memory limit. Several sandboxes may share one module; each keeps its own runtime.
 * @example
 * const sandbox = createQuickJSSandbox(await newQuickJSWASMModule(), { timeLimitMs: 500 });
 * sandbox.runFunction("return { n: input.n * 2 }", scope); // { ok: true, value: { n: 4 } }
 */
export function createQuickJSSandbox(module: QuickJSWASMModule, defaults: Partial<SandboxLimits> = {}, options: QuickJSSandboxOptions = {}): SyncSandbox {
  const base: SandboxLimits = { ...defaultSandboxLimits, ...defaults };
  const heap = guardHeap(module.getWasmMemory() as WasmMemory);
  const session: Session = { module, base, heap, vm: undefined, disposed: false, hostFaults: 0, deadline: Infinity, interrupted: false, scope: undefined, overtime: options.overtime, runStackBytes: options.runStackBytes ?? RUN_STACK_BYTES };
  session.vm = createVm(session);
  heap.reserved += base.memoryLimitBytes;
  // Limits resolved once per limits object: a host passes the same one call after call.
  const plain = { limits: base, attemptTimeoutMs: undefined };
  let last: { readonly overrides: SandboxCallLimits; readonly limits: SandboxLimits; readonly attemptTimeoutMs: number | undefined } | undefined;
  const limitsOf = (overrides: SandboxCallLimits | undefined) => {
    if (overrides === undefined) return plain;
    if (last?.overrides === overrides) return last;
    const { attemptTimeoutMs, ...own } = overrides;
    const limits: SandboxLimits = { ...base, ...own };
    return (last = { overrides, limits, attemptTimeoutMs: attemptTimeoutMs !== undefined && attemptTimeoutMs < limits.timeLimitMs ? attemptTimeoutMs : undefined });
  };
  const callOf = (kind: Kind, source: string, scope: CodeScope, overrides: SandboxCallLimits | undefined): Call => {
    const { limits, attemptTimeoutMs } = limitsOf(overrides);
    return { kind, source, scope, limits, attemptTimeoutMs };
  };
  return {
    runFunction: (source, scope, limits) => run(session, callOf("function", source, scope, limits)),
    evaluate: (source, scope, limits) => run(session, callOf("expression", source, scope, limits)),
    dispose() {
      if (session.vm) disposeVm(session.vm);
      if (!session.disposed) heap.reserved -= base.memoryLimitBytes;
      session.vm = undefined;
      session.disposed = true;
    },
  };
}

/** Runs one call with its deadline and heap cap in place, and repairs the session after it. */
function run(session: Session, call: Call): SandboxResult {
  if (session.disposed) throw new Error("This sandbox was disposed");
  if (session.hostFaults >= MAX_HOST_FAULTS) return failure(ErrorCode.Internal, "The sandbox's QuickJS module is exhausted after repeated host stack overflows; load a new one");
  const inputJson = JSON.stringify(call.scope.input ?? null);
  const { heap } = session;
  try {
    // Made before the deadline is set: building a runtime is not the call's time.
    const vm = session.vm ?? (session.vm = createVm(session));
    session.deadline = Date.now() + (call.attemptTimeoutMs ?? call.limits.timeLimitMs);
    session.interrupted = false;
    session.scope = call.scope;
    heap.cap = heap.baseline + heap.reserved - session.base.memoryLimitBytes + call.limits.memoryLimitBytes;
    heap.refused = false;
    const result = callOnce(session, vm, call, inputJson);
    // QuickJS survives both, but user code may have filled the globals: start clean.
    if (!result.ok && (session.interrupted || result.error.code === ErrorCode.CodeMemory)) {
      disposeVm(vm);
      session.vm = undefined;
    }
    return result;
  } catch (thrown) {
    // A host exception escaped QuickJS mid-call, so its state is unknown: abandon the
    // runtime (disposing it could trip QuickJS's leak assertions).
    session.vm = undefined;
    if (!(thrown instanceof RangeError)) throw thrown;
    session.hostFaults++; // In practice the host's stack overflowed inside wasm.
    return failure(ErrorCode.CodeError, `Maximum call stack size exceeded (the host's stack: ${thrown.message})`);
  } finally {
    session.deadline = Infinity;
    session.scope = undefined;
    heap.cap = Infinity;
  }
}

/** One call in `vm`, turned into a result. */
function callOnce(session: Session, vm: Vm, call: Call, inputJson: string): SandboxResult {
  const { context } = vm;
  const classify = (error: QuickJSHandle, compiling: boolean): SandboxResult => {
    if (session.interrupted) return timeLimitFailure(call);
    const { name, message, stack } = describeError(context, error);
    if (session.heap.refused || message === "out of memory") return memoryFailure(call.limits);
    if (compiling && name === "SyntaxError") return failure(ErrorCode.CodeSyntax, withLine(message, stack));
    return failure(ErrorCode.CodeError, message);
  };
  if (vm.memoryLimit !== call.limits.memoryLimitBytes) {
    vm.runtime.setMemoryLimit(call.limits.memoryLimitBytes);
    vm.memoryLimit = call.limits.memoryLimitBytes;
  }
  const fn = compile(vm, call.kind, call.source, (error) => classify(error, true));
  if ("ok" in fn) return fn;
  const tagged = vm.direct ? vm.direct.call(vm.helper, fn, inputJson, runIdHandle(vm, call.scope.runId)) : callPublic(vm, fn, inputJson, call.scope.runId);
  if (typeof tagged !== "string") {
    const failed = classify(tagged, false);
    tagged.dispose();
    return failed;
  }
  // A failure while the heap is exhausted is lack of memory, whatever user code made of it.
  return session.heap.refused && isFailure(tagged) ? memoryFailure(call.limits) : decode(tagged, call.limits);
}

/** The helper's tagged string, or the thrown value, through quickjs-emscripten's public calls. */
function callPublic(vm: Vm, fn: QuickJSHandle, inputJson: string, runId: string): string | QuickJSHandle {
  const { context } = vm;
  const input = context.newString(inputJson);
  const result = context.callFunction(vm.helper, context.undefined, fn, input, runIdHandle(vm, runId));
  input.dispose();
  if (result.error) return result.error;
  const tagged = context.getString(result.value);
  result.value.dispose();
  return tagged;
}

function runIdHandle(vm: Vm, runId: string): QuickJSHandle {
  if (vm.runId?.id === runId) return vm.runId.handle;
  vm.runId?.handle.dispose();
  vm.runId = { id: runId, handle: vm.context.newString(runId) };
  return vm.runId.handle;
}

/** Returns the cached function handle for `source`, compiling it on first use. */
function compile(vm: Vm, kind: Kind, source: string, onError: (error: QuickJSHandle) => SandboxResult): QuickJSHandle | SandboxResult {
  const cached = vm.compiled[kind].get(source);
  if (cached) return cached;
  // The body starts on the wrapper's first line, so QuickJS's line numbers match the user's.
  const params = mayReadCtx(source) ? "input, ctx" : "input";
  const code = kind === "function" ? `(function (${params}) {${source}\n})` : `(function (${params}) { return (${source}\n); })`;
  vm.runtime.setMaxStackSize(COMPILE_STACK_BYTES);
  const result = vm.context.evalCode(code, kind === "function" ? "function.js" : "expression.js", { type: "global" });
  vm.runtime.setMaxStackSize(vm.runStackBytes);
  if (result.error) {
    const failed = onError(result.error);
    result.error.dispose();
    return failed;
  }
  if (vm.compiled.function.size + vm.compiled.expression.size >= MAX_COMPILED) disposeCompiled(vm);
  vm.compiled[kind].set(source, result.value);
  return result.value;
}

/**
 * Whether code may read its `ctx`. Code can reach a parameter only by its name (`ctx`, or
 * spelled with a `\u` escape) or through `arguments` (eval and Function are disabled), so
 * code with none of these in its text gets no `ctx` parameter, and the helper builds no
 * `ctx` for it (a proxy, two objects and a getter per call: a quarter of a quick transform's
 * call). A mention in a comment or a string only means a `ctx` is built: never a wrong answer.
 */
function mayReadCtx(source: string): boolean {
  return source.includes("ctx") || source.includes("arguments") || source.includes("\\");
}

/** A fresh runtime and context with the limits, the host functions and the helper installed. */
function createVm(session: Session): Vm {
  const runtime = session.module.newRuntime();
  runtime.setMemoryLimit(session.base.memoryLimitBytes);
  runtime.setMaxStackSize(session.runStackBytes);
  runtime.setInterruptHandler(() => {
    if (Date.now() <= session.deadline) return false;
    const later = session.overtime?.();
    // Any answer but undefined lets the call go on, even a time already past: the OS may have
    // preempted this thread between `overtime`'s clock read and this one (a loaded machine),
    // which must not stop a call that was given more time. If it is past, the next check asks
    // again, and `overtime` says undefined once the call has really used up its time.
    if (later !== undefined) return (session.deadline = later), false;
    session.interrupted = true;
    return true;
  });
  const context = runtime.newContext();
  const readNode = context.newFunction("readNode", (id) => {
    const value = session.scope?.nodeOutput(context.getString(id));
    return value === undefined ? undefined : context.newString(JSON.stringify(value));
  });
  const readRunInput = context.newFunction("readRunInput", () => context.newString(JSON.stringify(session.scope?.runInput ?? null)));
  const boot = context.unwrapResult(context.evalCode(BOOTSTRAP, "bootstrap.js", { type: "global" }));
  const helper = context.unwrapResult(context.callFunction(boot, context.undefined, readNode, readRunInput));
  for (const handle of [boot, readNode, readRunInput]) handle.dispose();
  return { runtime, context, helper, direct: createDirectCall(context), compiled: { function: new Map(), expression: new Map() }, memoryLimit: session.base.memoryLimitBytes, runStackBytes: session.runStackBytes, runId: undefined };
}

function disposeCompiled(vm: Vm): void {
  for (const byKind of [vm.compiled.function, vm.compiled.expression]) {
    for (const handle of byKind.values()) handle.dispose();
    byKind.clear();
  }
}

function disposeVm(vm: Vm): void {
  disposeCompiled(vm);
  vm.runId?.handle.dispose();
  vm.direct?.dispose();
  vm.helper.dispose();
  vm.context.dispose();
  vm.runtime.dispose();
}

/** The helper's tags, as char codes: u, e, o, m. */
const TAG_UNDEFINED = 117;
const TAG_ERROR = 101;
const TAG_OUTPUT = 111;
const TAG_MEMORY = 109;

function isFailure(tagged: string): boolean {
  const tag = tagged.charCodeAt(0);
  return tag === TAG_ERROR || tag === TAG_OUTPUT || tag === TAG_MEMORY;
}

function decode(tagged: string, limits: SandboxLimits): SandboxResult {
  switch (tagged.charCodeAt(0)) {
    case TAG_UNDEFINED:
      return { ok: true, value: null };
    case TAG_MEMORY:
      return memoryFailure(limits);
    case TAG_ERROR:
      return failure(ErrorCode.CodeError, tagged.slice(1));
    case TAG_OUTPUT:
      return failure(ErrorCode.CodeOutput, tagged.slice(1));
    default:
      return { ok: true, value: JSON.parse(tagged) as JsonValue };
  }
}

/** Reads name, message and stack of a thrown value; a thrown non-Error gives its string form. */
function describeError(context: QuickJSContext, error: QuickJSHandle): { name: string; message: string; stack: string } {
  const dumped: unknown = context.dump(error);
  if (typeof dumped !== "object" || dumped === null) return { name: "", message: String(dumped), stack: "" };
  const { name, message, stack } = dumped as Record<string, unknown>;
  return { name: String(name ?? ""), message: String(message ?? ""), stack: String(stack ?? "") };
}

/** Adds the line from a QuickJS stack such as "    at function.js:3:9". */
function withLine(message: string, stack: string): string {
  const line = /\.js:(\d+)/.exec(stack)?.[1];
  return line ? `${message} (line ${line})` : message;
}

function timeLimitFailure(call: Call): SandboxResult {
  if (call.attemptTimeoutMs !== undefined) {
    return { ok: false, error: { code: ErrorCode.Timeout, message: `attempt timed out after ${call.attemptTimeoutMs} ms`, retryable: true } };
  }
  return failure(ErrorCode.CodeTimeout, `Code exceeded its time limit of ${call.limits.timeLimitMs} ms`);
}

function memoryFailure(limits: SandboxLimits): SandboxResult {
  const mb = limits.memoryLimitBytes / (1024 * 1024);
  return failure(ErrorCode.CodeMemory, `Code exceeded its memory limit of ${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`);
}

function failure(code: ErrorCode, message: string): SandboxResult {
  return { ok: false, error: { code, message, retryable: false } };
}
