/**
 * Node host loader for the code sandbox. By default user code runs in a pool of worker
 * threads (node-sandbox-pool.ts); this thread keeps one QuickJS module, loaded once, for the
 * pool's short in-thread slice and for callers that ask for the in-thread sandbox.
 */
import { createQuickJSSandbox, type Sandbox, type SandboxLimits } from "@nexus-flow/shared/sandbox";
import { newQuickJSWASMModule, type QuickJSWASMModule } from "quickjs-emscripten";
import { createNodeSandboxPool } from "./node-sandbox-pool.ts";
import { loadLaneModule } from "./lane-module.ts";

let modulePromise: Promise<QuickJSWASMModule> | undefined;

export function loadQuickJSModule(): Promise<QuickJSWASMModule> {
  modulePromise ??= newQuickJSWASMModule().catch((error: unknown) => {
    modulePromise = undefined; // Let the next caller try again instead of caching the failure.
    throw error;
  });
  return modulePromise;
}

export interface LoadSandboxOptions {
  readonly limits?: Partial<SandboxLimits>;
  /** `in-thread`: QuickJS on this thread (code holds it while it runs). Default `pool`. */
  readonly mode?: "pool" | "in-thread";
  /** Pool size. Default: the machine's cores, at least 1. */
  readonly workers?: number;
  /** Quick calls try a 1 ms slice on this thread first. Default true. */
  readonly inline?: boolean;
  /** The code worker's entry, for a bundled runner. */
  readonly workerUrl?: URL;
}

/**
 * Creates the code sandbox of a Node host.
 * @example
 * const sandbox = await loadSandbox({ limits: { timeLimitMs: 500 } });
 * await sandbox.evaluate("input.n > 1", scope); // { ok: true, value: true }
 * sandbox.dispose();
 */
export async function loadSandbox(options: LoadSandboxOptions = {}): Promise<Sandbox> {
  if (options.mode === "in-thread") return createQuickJSSandbox(await loadQuickJSModule(), options.limits);
  return createNodeSandboxPool({
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}),
    inline: options.inline === false ? false : await laneOptions(),
  });
}

/** The lane's module: baseline code only, then the usual one once the lane has run long (lane-module.ts). */
async function laneOptions(): Promise<{ module: QuickJSWASMModule; later?: () => Promise<QuickJSWASMModule> }> {
  const baseline = await loadLaneModule();
  return baseline ? { module: baseline, later: loadQuickJSModule } : { module: await loadQuickJSModule() };
}
