/**
 * The QuickJS module of the sandbox pool's in-thread lane, compiled to V8's baseline code
 * (Liftoff) only, while the workers' modules tier up to optimized code (TurboFan) as usual.
 *
 * Why: the lane runs only quick calls (each at most a 1 ms slice; slower code goes to the
 * workers). QuickJS's interpreter loop is one 29 KB WebAssembly function, and V8's tiering
 * budget counts its size on every loop turn, so a few thousand quick calls send it to
 * TurboFan: 100-300 ms of compiling (on another thread, but on a 2-core machine that is the
 * run's time too) that a 10,000-transform run never earns back (its calls spend ~80 ms in
 * QuickJS, ~1.5x what optimized code would take). Code that runs long is the workers', and
 * tiers up there; and after the lane itself has spent `LANE_UPGRADE_AFTER_MS` in calls (a
 * long-lived runner, a process running many flows, a run of 20,000+ quick nodes) it moves to
 * the tiering module too, which then pays its compiling back.
 *
 * How: V8 decides whether Liftoff code counts towards tier-up when it compiles it, from the
 * process's flags. So the module is compiled eagerly (every function at once) with dynamic
 * tiering off, and the flags are put back right after, before anything else compiles
 * WebAssembly. Its bytes carry one extra custom section, so V8's cache of compiled modules
 * (keyed by the bytes) never hands this module to a worker, nor a worker's to the lane.
 * A process started with its own wasm flags keeps them: the lane then uses the usual module.
 * (Another thread that compiles WebAssembly during those few milliseconds would get baseline
 * code too: slower, never wrong. Hosts load the lane before starting code workers.)
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { setFlagsFromString } from "node:v8";
import { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC, type CustomizeVariantOptions, type QuickJSWASMModule } from "quickjs-emscripten";

/** The runner's lib has no WebAssembly types; this is the one constructor used here. */
interface WasmGlobal {
  readonly WebAssembly: { readonly Module: new (bytes: Uint8Array) => CustomizeVariantOptions["wasmModule"] };
}

/**
 * CPU time of the lane's calls after which it moves to the module that tiers up: about twice
 * what a 10,000-transform run spends in them in a new process (~200 ms), so one such run never
 * pays for the compiling, and a process that keeps running code has optimized code soon after.
 */
export const LANE_UPGRADE_AFTER_MS = 400;

const BASELINE_ONLY = "--no-wasm-dynamic-tiering --no-wasm-tier-up --no-wasm-lazy-compilation";
const DEFAULTS = "--wasm-dynamic-tiering --wasm-tier-up --wasm-lazy-compilation";
/** A custom section (id 0) named `nexus-lane`, appended to the module's bytes. */
const SECTION_NAME = "nexus-lane";
const marker = Uint8Array.from([0, SECTION_NAME.length + 1, SECTION_NAME.length, ...Array.from(SECTION_NAME, (c) => c.charCodeAt(0))]);

/** Whether this process was started with wasm flags of its own, which we must not override. */
function ownWasmFlags(): boolean {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
  return given.some((flag) => /^--(no-)?(wasm|liftoff)/.test(flag));
}

let lanePromise: Promise<QuickJSWASMModule | undefined> | undefined;

/**
 * The lane's QuickJS module, baseline code only, loaded once per process; `undefined` when the
 * process has wasm flags of its own or the release module's file cannot be found (the caller
 * then uses the usual module).
 * @example const module = (await loadLaneModule()) ?? (await newQuickJSWASMModule());
 */
export function loadLaneModule(): Promise<QuickJSWASMModule | undefined> {
  lanePromise ??= compileLaneModule().catch((error: unknown) => {
    lanePromise = undefined; // the next caller tries again
    throw error;
  });
  return lanePromise;
}

async function compileLaneModule(): Promise<QuickJSWASMModule | undefined> {
  if (ownWasmFlags()) return undefined;
  let bytes: Uint8Array;
  try {
    const fromQuickJS = createRequire(createRequire(import.meta.url).resolve("quickjs-emscripten"));
    bytes = readFileSync(fromQuickJS.resolve("@jitl/quickjs-wasmfile-release-sync/wasm"));
  } catch {
    return undefined;
  }
  const marked = new Uint8Array(bytes.length + marker.length);
  marked.set(bytes);
  marked.set(marker, bytes.length);
  let wasmModule: CustomizeVariantOptions["wasmModule"];
  setFlagsFromString(BASELINE_ONLY);
  try {
    // Synchronous, so no other compile of this thread falls between the flags and their reset.
    wasmModule = new (globalThis as unknown as WasmGlobal).WebAssembly.Module(marked);
  } finally {
    setFlagsFromString(DEFAULTS);
  }
  return newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmModule }));
}
