/**
 * Node host loader for the code sandbox. One QuickJS wasm module serves the whole process:
 * instantiating it costs milliseconds and its memory never shrinks, so it is loaded once and
 * every sandbox gets its own runtime inside it.
 */
import { createQuickJSSandbox, type Sandbox, type SandboxLimits } from "@nexus-flow/shared/sandbox";
import { newQuickJSWASMModule, type QuickJSWASMModule } from "quickjs-emscripten";

let modulePromise: Promise<QuickJSWASMModule> | undefined;

function loadModule(): Promise<QuickJSWASMModule> {
  modulePromise ??= newQuickJSWASMModule().catch((error: unknown) => {
    modulePromise = undefined; // Let the next caller try again instead of caching the failure.
    throw error;
  });
  return modulePromise;
}

/**
 * Creates a QuickJS sandbox on the process's shared wasm module.
 * @example
 * const sandbox = await loadSandbox({ timeLimitMs: 500 });
 * sandbox.evaluate("input.n > 1", scope); // { ok: true, value: true }
 * sandbox.dispose();
 */
export async function loadSandbox(limits: Partial<SandboxLimits> = {}): Promise<Sandbox> {
  return createQuickJSSandbox(await loadModule(), limits);
}
