/**
 * The Node host's sandbox: a pool of worker threads, each with its own QuickJS module, plus
 * a short in-thread slice for quick calls (see shared/src/platform/inline-lane.ts).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { createSandboxPool, type CodeWorker, type CodeWorkerEvents, type SandboxPool } from "@nexus-flow/shared/platform";
import { createQuickJSSandbox, type FromCodeWorker, type QuickJSSandboxOptions, type SandboxLimits } from "@nexus-flow/shared/sandbox";
import type { QuickJSWASMModule } from "quickjs-emscripten";
import { LANE_UPGRADE_AFTER_MS } from "./lane-module.ts";
import { switchingSandbox } from "./switching-sandbox.ts";

export interface NodeSandboxPoolOptions {
  /** Worker threads. Default: the machine's cores, at least 1. */
  readonly workers?: number;
  readonly limits?: Partial<SandboxLimits>;
  /**
   * The quick-call slice on this thread; `false` sends every call to a worker. `later`: the
   * module the lane moves to once its calls have taken `upgradeAfterMs` (lane-module.ts).
   */
  readonly inline?: false | { readonly module: QuickJSWASMModule; readonly sliceMs?: number; readonly later?: () => Promise<QuickJSWASMModule>; readonly upgradeAfterMs?: number };
  /** The worker's entry; a bundled runner passes its own. */
  readonly workerUrl?: URL;
}

const sourceWorkerUrl = new URL("./code-worker.mjs", import.meta.url);

/**
 * @example
 * const sandbox = createNodeSandboxPool({ workers: 2, inline: false });
 * await sandbox.runFunction("return input * 2", scope); // { ok: true, value: 42 }
 * sandbox.dispose();
 */
export function createNodeSandboxPool(options: NodeSandboxPoolOptions = {}): SandboxPool {
  const workerUrl = options.workerUrl ?? sourceWorkerUrl;
  const { module, sliceMs, later, upgradeAfterMs } = options.inline || {};
  const laneSandbox = (lane: QuickJSSandboxOptions) => {
    const first = createQuickJSSandbox(module!, options.limits, lane);
    return later ? switchingSandbox(first, async () => createQuickJSSandbox(await later(), options.limits, lane), upgradeAfterMs ?? LANE_UPGRADE_AFTER_MS, cpuClock) : first;
  };
  const inline = module && { sandbox: laneSandbox, sliceMs, cpuClock };
  return createSandboxPool({
    size: options.workers ?? Math.max(1, availableParallelism()),
    limits: options.limits,
    ...(inline ? { inline } : {}),
    createWorker: (events, limits) => startNodeCodeWorker(workerUrl, events, limits),
  });
}

/** The process's CPU time in ms, for the in-thread slice (inline-lane.ts): a slice is time on the CPU, not time preempted. */
function cpuClock(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** One worker thread running `url` (code-worker.ts, or a bundled copy), wrapped for the pool. */
export function startNodeCodeWorker(url: URL, events: CodeWorkerEvents, limits: SandboxLimits): CodeWorker {
  const worker = new Worker(url, { workerData: limits });
  worker.on("message", (message: FromCodeWorker) => events.message(message));
  worker.on("error", (error) => events.error(error.message));
  worker.on("exit", (code) => events.error(`it exited with code ${code}`));
  return {
    post: (message) => worker.postMessage(message),
    terminate: () => void worker.terminate(),
    // A starting or busy thread keeps the process alive; an idle one must not keep a CLI running.
    setBusy: (busy) => (busy ? worker.ref() : worker.unref()),
  };
}
