/**
 * The engine worker's code sandbox: a pool of code workers (code-worker.ts), as many as the
 * machine has cores. Every call runs off the engine's thread, so a spinning transform never
 * stops the run's timers, its log or its other nodes.
 */
import { createSandboxPool, type CodeWorker, type CodeWorkerEvents, type SandboxPool } from "@nexus-flow/shared/platform";
import type { FromCodeWorker } from "@nexus-flow/shared/sandbox";

export function createCodeWorkerPool(size = navigator.hardwareConcurrency || 1): SandboxPool {
  // Workers use the default limits (1 s, 32 MB); a call's own limits travel with it.
  return createSandboxPool({ size: Math.max(1, size), createWorker: startCodeWorker });
}

function startCodeWorker(events: CodeWorkerEvents): CodeWorker {
  const worker = new Worker(new URL("./code-worker.ts", import.meta.url), { type: "module", name: "nexus-code" });
  worker.onmessage = (event: MessageEvent<FromCodeWorker>) => events.message(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    events.error(event.message || "its script did not load");
  };
  return { post: (message) => worker.postMessage(message), terminate: () => worker.terminate() };
}
