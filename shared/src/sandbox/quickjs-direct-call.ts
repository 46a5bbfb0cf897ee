/**
 * The sandbox's per-call crossing into QuickJS through its C functions directly. Why: a quick
 * transform costs ~10 µs inside QuickJS, and quickjs-emscripten's public calls (`newString`,
 * `callFunction`, `getString`) wrap each pointer in a handle object, a pointer array and a
 * result object, about as much again on the host. This path makes the same C calls in the
 * same order with plain numbers: the input string is made and freed as `newString` does, the
 * arguments go in an array allocated once per context. A thrown value comes back as a normal
 * handle, so errors are read as before.
 *
 * It reads quickjs-emscripten's internals (`ffi`, `module`, `ctx`, stable within 0.32); when
 * they are not there, `createDirectCall` answers `undefined` and the sandbox keeps the public API.
 */
import { Lifetime, type QuickJSContext, type QuickJSHandle } from "quickjs-emscripten-core";

/** The slice of the context's internals this path uses. */
interface Internals {
  readonly ctx: { readonly value: number };
  readonly ffi: {
    QTS_NewString(ctx: number, string: number): number;
    QTS_Call(ctx: number, fn: number, thisValue: number, argc: number, argv: number): number;
    QTS_ResolveException(ctx: number, maybeException: number): number;
    QTS_GetString(ctx: number, value: number): number;
    QTS_FreeCString(ctx: number, string: number): void;
    QTS_FreeValuePointer(ctx: number, value: number): void;
  };
  readonly module: {
    readonly HEAPU8: Uint8Array;
    _malloc(bytes: number): number;
    _free(pointer: number): void;
    lengthBytesUTF8(text: string): number;
    stringToUTF8(text: string, pointer: number, maxBytes: number): void;
    UTF8ToString(pointer: number): string;
  };
}

export interface DirectCall {
  /** `helper(fn, inputJson, runId)`: its string result (JSON, or tagged: quickjs-sandbox.ts), or the thrown value as a handle (the caller disposes it). */
  call(helper: QuickJSHandle, fn: QuickJSHandle, inputJson: string, runId: QuickJSHandle): string | QuickJSHandle;
  /** Frees the argument array; call before the context is disposed. */
  dispose(): void;
}

const ARGC = 3;

/**
 * @example
 * const direct = createDirectCall(context);
 * direct?.call(helper, fn, '{"v":1}', runId); // '{"v":2}'
 */
export function createDirectCall(context: QuickJSContext): DirectCall | undefined {
  const internals = context as unknown as Partial<Internals>;
  const { ffi, module } = internals;
  if (!ffi || !module || typeof ffi.QTS_Call !== "function" || typeof module._malloc !== "function" || !module.HEAPU8 || !internals.ctx) return undefined;
  const ctx = internals.ctx.value;
  const undefinedPointer = context.undefined.value as unknown as number;
  const owner = context.runtime;
  let argv = module._malloc(ARGC * 4);
  /** A view of the heap as 32-bit words, made again when the heap grows (its buffer is then replaced). */
  let words = new Int32Array(module.HEAPU8.buffer);
  const freeValue = (pointer: number) => ffi.QTS_FreeValuePointer(ctx, pointer);
  return {
    call(helper, fn, inputJson, runId) {
      const bytes = module.lengthBytesUTF8(inputJson) + 1;
      const chars = module._malloc(bytes);
      module.stringToUTF8(inputJson, chars, bytes);
      const input = ffi.QTS_NewString(ctx, chars);
      module._free(chars);
      // Checked after the allocations above, which may have grown the heap.
      if (words.buffer !== module.HEAPU8.buffer) words = new Int32Array(module.HEAPU8.buffer);
      const at = argv >> 2;
      words[at] = fn.value as unknown as number;
      words[at + 1] = input;
      words[at + 2] = runId.value as unknown as number;
      // Not freed if the call throws on the host (a stack overflow inside wasm): the runtime is then abandoned, as with callFunction.
      const result = ffi.QTS_Call(ctx, helper.value as unknown as number, undefinedPointer, ARGC, argv);
      freeValue(input);
      const error = ffi.QTS_ResolveException(ctx, result);
      if (error) {
        freeValue(result);
        return new Lifetime(error, undefined, freeValue, owner) as unknown as QuickJSHandle;
      }
      const text = ffi.QTS_GetString(ctx, result);
      const tagged = module.UTF8ToString(text);
      ffi.QTS_FreeCString(ctx, text);
      freeValue(result);
      return tagged;
    },
    dispose() {
      if (argv) module._free(argv);
      argv = 0;
    },
  };
}
