/**
 * What crosses the thread boundary between a sandbox pool and its QuickJS workers: calls go
 * out in batches, results come back in batches, all as plain data (structured clone).
 *
 * Why reads are shipped ahead: inside QuickJS, `ctx.nodes[id]` and `ctx.run.input` are read
 * lazily from the host, but a worker cannot call back into the engine's thread synchronously.
 * So the pool sends what the source visibly reads (`ctx.nodes.a`, `nodes["b"]`,
 * `run.input`); a read of anything else is noted, the call's result is dropped, and the pool
 * sends the call again with that value too (`needs`). User code is a pure function of its
 * input and `ctx`, so running it again gives the answer it would have given.
 */
import type { JsonValue } from "../json.ts";
import type { CodeScope, SandboxCallLimits, SandboxResult, SyncSandbox } from "./sandbox.ts";

export type CodeKind = "function" | "expression";

export interface CodeCall {
  readonly id: number;
  readonly kind: CodeKind;
  readonly source: string;
  readonly input: JsonValue;
  readonly runId: string;
  /** Node outputs known to the call: `[id, output]`, with `undefined` for "not finished". */
  readonly nodes: ReadonlyArray<readonly [string, JsonValue | undefined]>;
  /** Absent until the source reads `ctx.run.input`. */
  readonly runInput?: { readonly value: JsonValue };
  readonly limits: SandboxCallLimits | undefined;
}

export type CodeOutcome =
  | { readonly id: number; readonly result: SandboxResult }
  /** The code read values the call did not carry; send it again with them. */
  | { readonly id: number; readonly needs: readonly string[]; readonly needsRunInput: boolean };

export type ToCodeWorker = { readonly type: "run"; readonly calls: readonly CodeCall[] };
export type FromCodeWorker =
  /** QuickJS is loaded; the worker's clock starts now. */
  | { readonly type: "ready" }
  | { readonly type: "outcomes"; readonly outcomes: readonly CodeOutcome[] }
  | { readonly type: "failed"; readonly message: string };

export interface NodeReads {
  readonly ids: readonly string[];
  readonly runInput: boolean;
}

const nodeReadPattern = /\bnodes\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)'|`([^`\\$]*)`)\s*\])/g;
const runInputPattern = /\brun\s*(?:\.\s*input\b|\[)/;

/**
 * The node ids and run input that `source` visibly reads, so they can travel with the call.
 * @example scanNodeReads("return ctx.nodes.a.x + ctx.nodes['b c']") // { ids: ["a", "b c"], runInput: false }
 */
export function scanNodeReads(source: string): NodeReads {
  const ids = new Set<string>();
  for (const match of source.matchAll(nodeReadPattern)) ids.add(match[1] ?? match[2] ?? match[3] ?? match[4] ?? "");
  ids.delete("");
  return { ids: [...ids], runInput: runInputPattern.test(source) };
}

/** Runs one call in a worker's QuickJS sandbox; notes reads the call did not carry. */
export function runCodeCall(sandbox: SyncSandbox, call: CodeCall): CodeOutcome {
  const known = new Map(call.nodes);
  const needs: string[] = [];
  let needsRunInput = false;
  const scope: CodeScope = {
    input: call.input,
    runId: call.runId,
    get runInput() {
      if (call.runInput) return call.runInput.value;
      needsRunInput = true;
      return null;
    },
    nodeOutput: (id) => {
      if (!known.has(id)) needs.push(id);
      return known.get(id);
    },
  };
  const result = call.kind === "function" ? sandbox.runFunction(call.source, scope, call.limits) : sandbox.evaluate(call.source, scope, call.limits);
  return needs.length > 0 || needsRunInput ? { id: call.id, needs, needsRunInput } : { id: call.id, result };
}

/** Results go back at least this often while a long batch runs, so the pool sees progress. */
export const PROGRESS_INTERVAL_MS = 20;

/**
 * The body of a QuickJS worker: runs each batch in order and posts outcomes in chunks.
 * @example parentPort.on("message", createCodeWorkerLoop(sandbox, (m) => parentPort.postMessage(m)));
 */
export function createCodeWorkerLoop(sandbox: SyncSandbox, post: (message: FromCodeWorker) => void) {
  return (message: ToCodeWorker): void => {
    let outcomes: CodeOutcome[] = [];
    let lastPost = Date.now();
    for (const call of message.calls) {
      outcomes.push(runCodeCall(sandbox, call));
      if (Date.now() - lastPost >= PROGRESS_INTERVAL_MS) {
        post({ type: "outcomes", outcomes });
        outcomes = [];
        lastPost = Date.now();
      }
    }
    if (outcomes.length) post({ type: "outcomes", outcomes });
  };
}
