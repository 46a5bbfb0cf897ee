/**
 * The cap on a QuickJS module's WebAssembly heap while a call runs (see quickjs-sandbox.ts:
 * under Emscripten the runtime's own memory limit lets many small allocations past).
 */
const WASM_PAGE_BYTES = 65536;

/** The part of `WebAssembly.Memory` we use (the engine's lib has no WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/**
 * Caps the heap of one wasm module at its size when first guarded plus the memory limits of
 * its live sandboxes, so sandboxes made and disposed one after another cannot ratchet it up.
 */
export interface HeapGuard {
  readonly baseline: number;
  /** Sum of the memory limits of the module's live sandboxes. */
  reserved: number;
  /** Infinity outside calls. */
  cap: number;
  /** The last growth attempt was refused (Emscripten first tries larger ones, then smaller). */
  refused: boolean;
}

const guards = new WeakMap<object, HeapGuard>();

/**
 * Patches `grow` on the module's memory (once per memory) so that a call cannot grow the heap
 * past its cap; Emscripten's allocator then fails and QuickJS throws "out of memory".
 */
export function guardHeap(memory: WasmMemory): HeapGuard {
  const existing = guards.get(memory);
  if (existing) return existing;
  const guard: HeapGuard = { baseline: memory.buffer.byteLength, reserved: 0, cap: Infinity, refused: false };
  const grow = memory.grow.bind(memory);
  memory.grow = (pages) => {
    guard.refused = memory.buffer.byteLength + pages * WASM_PAGE_BYTES > guard.cap;
    if (guard.refused) throw new RangeError("The sandbox heap is at its cap");
    return grow(pages);
  };
  guards.set(memory, guard);
  return guard;
}
