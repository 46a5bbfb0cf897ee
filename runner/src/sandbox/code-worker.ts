/**
 * A QuickJS worker thread of the Node sandbox pool (see node-sandbox-pool.ts): one wasm module
 * and one sandbox per thread, fed batches of calls by the pool.
 */
import { parentPort, workerData } from "node:worker_threads";
import { newQuickJSWASMModule } from "quickjs-emscripten";
import { createCodeWorkerLoop, createQuickJSSandbox, type FromCodeWorker, type SandboxLimits, type ToCodeWorker } from "@nexus-flow/shared/sandbox";

const port = parentPort!;
const post = (message: FromCodeWorker) => port.postMessage(message);
try {
  const module = await newQuickJSWASMModule();
  const sandbox = createQuickJSSandbox(module, workerData as SandboxLimits);
  port.on("message", createCodeWorkerLoop(sandbox, post) as (message: ToCodeWorker) => void);
  post({ type: "ready" });
} catch (error) {
  post({ type: "failed", message: error instanceof Error ? error.message : String(error) });
}
