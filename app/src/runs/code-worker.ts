/**
 * A code worker: runs user code (transforms, conditions, templates) for the engine worker,
 * which keeps a small pool of these (code-workers.ts) so that code never holds the engine's
 * thread. One QuickJS module per worker; the pool terminates a worker to take its memory back.
 *
 * Started by code-workers.ts with
 * `new Worker(new URL("./code-worker.ts", import.meta.url), { type: "module" })`.
 */
import { newQuickJSWASMModuleFromVariant } from "quickjs-emscripten-core";
import { createCodeWorkerLoop, createQuickJSSandbox, type FromCodeWorker, type ToCodeWorker } from "@nexus-flow/shared/sandbox";

const post = (message: FromCodeWorker) => self.postMessage(message);
const early: ToCodeWorker[] = [];
let handle: ((message: ToCodeWorker) => void) | undefined;
// Listen at once: calls may arrive while QuickJS loads.
self.onmessage = (event: MessageEvent<ToCodeWorker>) => (handle ? handle(event.data) : early.push(event.data));

newQuickJSWASMModuleFromVariant(import("@jitl/quickjs-wasmfile-release-sync")).then(
  (module) => {
    handle = createCodeWorkerLoop(createQuickJSSandbox(module), post);
    post({ type: "ready" });
    for (const message of early.splice(0)) handle(message);
  },
  (error: unknown) => post({ type: "failed", message: error instanceof Error ? error.message : String(error) }),
);
