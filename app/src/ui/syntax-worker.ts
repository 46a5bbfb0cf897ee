/**
 * Checks the syntax of user code as it is typed, off the page's thread: QuickJS (the engine
 * that will run the code) compiles it without running it, with the same wrapper the sandbox
 * uses (shared/src/sandbox/quickjs-sandbox.ts), so its verdict and positions are the run's.
 *
 * Started by syntax-check.ts with
 * `new Worker(new URL("./syntax-worker.ts", import.meta.url), { type: "module" })`.
 */
import { newQuickJSWASMModuleFromVariant } from "quickjs-emscripten-core";
import type { SyntaxRequest, SyntaxReply } from "./syntax-check.ts";

const prefixes = { function: "(function (input, ctx) {", expression: "(function (input, ctx) { return (" } as const;
const suffixes = { function: "\n})", expression: "\n); })" } as const;

const ready = newQuickJSWASMModuleFromVariant(import("@jitl/quickjs-wasmfile-release-sync")).then((module) => module.newContext());

self.onmessage = async (event: MessageEvent<SyntaxRequest>) => {
  const { id, kind, source } = event.data;
  const context = await ready;
  const result = context.evalCode(prefixes[kind] + source + suffixes[kind], "code.js", { type: "global", compileOnly: true });
  let reply: SyntaxReply = { id };
  if (result.error) {
    const error = context.dump(result.error) as { message?: string; lineNumber?: number; stack?: string };
    result.error.dispose();
    const [, line = "1", column = "1"] = /code\.js:(\d+):(\d+)/.exec(error.stack ?? "") ?? [];
    // The body starts on the wrapper's first line: only that line's columns are shifted.
    const col = Number(line) === 1 ? Math.max(1, Number(column) - prefixes[kind].length) : Number(column);
    reply = { id, problem: { message: error.message ?? "syntax error", line: Number(line), column: col } };
  } else result.value.dispose();
  self.postMessage(reply);
};
