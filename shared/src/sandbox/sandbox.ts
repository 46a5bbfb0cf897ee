import type { ErrorData } from "../errors/index.ts";
import type { JsonValue } from "../json.ts";

/**
 * The port through which the engine runs user code (transforms, conditions, templates).
 * Implementations must give user code no access to the host, and must bound its time and
 * memory; never `eval` in the host. Two real implementations pass one contract suite
 * (sandbox-contract.ts): QuickJS on the caller's thread (`createQuickJSSandbox`, synchronous)
 * and a pool of QuickJS workers (`createSandboxPool` in platform/, asynchronous), which is
 * what hosts use so that user code never holds the engine's thread.
 */
export interface Sandbox {
  /**
   * Runs `body` as the body of a function with `input` and `ctx` in scope and returns its
   * return value as JSON (`undefined` becomes `null`). The function is compiled once per
   * distinct body and reused across calls.
   * @example sandbox.runFunction("return { n: input.n * 2 }", scope) // { ok: true, value: { n: 4 } }
   */
  runFunction(body: string, scope: CodeScope, limits?: SandboxCallLimits): SandboxResult | Promise<SandboxResult>;
  /**
   * Evaluates a single JS expression with `input` and `ctx` in scope.
   * @example sandbox.evaluate("input.n > 1", scope) // { ok: true, value: true }
   */
  evaluate(expression: string, scope: CodeScope, limits?: SandboxCallLimits): SandboxResult | Promise<SandboxResult>;
  /** Frees the sandbox's memory. The sandbox cannot be used afterwards. */
  dispose(): void;
}

export interface SandboxLimits {
  /** Wall-clock budget of one call. Default 1000 ms. */
  readonly timeLimitMs: number;
  /** Memory budget of the sandbox, typed arrays and strings included. Default 32 MiB. */
  readonly memoryLimitBytes: number;
}

/**
 * Limits of one call: the sandbox's own, overridden, plus the attempt's time budget (SPEC R3).
 * The call's deadline is the earlier of `timeLimitMs` and `attemptTimeoutMs`; when the
 * attempt's budget is the one that runs out, the call fails with `TIMEOUT` (retryable), not
 * `CODE_TIMEOUT`.
 */
export interface SandboxCallLimits extends Partial<SandboxLimits> {
  readonly attemptTimeoutMs?: number;
}

/** The same code with the synchronous signature the QuickJS implementation has. */
export interface SyncSandbox extends Sandbox {
  runFunction(body: string, scope: CodeScope, limits?: SandboxCallLimits): SandboxResult;
  evaluate(expression: string, scope: CodeScope, limits?: SandboxCallLimits): SandboxResult;
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
