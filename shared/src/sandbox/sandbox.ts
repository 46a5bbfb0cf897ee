import type { ErrorData } from "../errors/index.ts";
import type { JsonValue } from "../json.ts";

/**
 * The port through which the engine runs user code (transforms, conditions, templates).
 * Implementations must give user code no access to the host, and must bound its time and
 * memory. The QuickJS implementation is the only real one; never `eval` in the host.
 */
export interface Sandbox {
  /**
   * Runs `body` as the body of a function with `input` and `ctx` in scope and returns its
   * return value as JSON (`undefined` becomes `null`). The function is compiled once per
   * distinct body and reused across calls.
   * @example sandbox.runFunction("return { n: input.n * 2 }", scope) // { ok: true, value: { n: 4 } }
   */
  runFunction(body: string, scope: CodeScope, limits?: Partial<SandboxLimits>): SandboxResult;
  /**
   * Evaluates a single JS expression with `input` and `ctx` in scope.
   * @example sandbox.evaluate("input.n > 1", scope) // { ok: true, value: true }
   */
  evaluate(expression: string, scope: CodeScope, limits?: Partial<SandboxLimits>): SandboxResult;
  /** Frees the sandbox's memory. The sandbox cannot be used afterwards. */
  dispose(): void;
}

export interface SandboxLimits {
  /** Wall-clock budget of one call. Default 1000 ms. */
  readonly timeLimitMs: number;
  /** Memory budget of the sandbox, typed arrays and strings included. Default 32 MiB. */
  readonly memoryLimitBytes: number;
}

export const defaultSandboxLimits: SandboxLimits = { timeLimitMs: 1000, memoryLimitBytes: 32 * 1024 * 1024 };

/** What user code sees: `input`, and `ctx` = `{ nodes, run: { id, input } }`. */
export interface CodeScope {
  readonly input: JsonValue;
  readonly runId: string;
  readonly runInput: JsonValue;
  /**
   * `ctx.nodes[id]` inside the sandbox: the output of a finished upstream node, or
   * `undefined`. Looked up lazily so a long chain does not copy every output on every call.
   */
  readonly nodeOutput: (nodeId: string) => JsonValue | undefined;
}

export type SandboxResult = { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly error: ErrorData };
