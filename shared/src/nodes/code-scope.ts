import { ErrorCode, NexusError } from "../errors/index.ts";
import type { Sandbox, CodeScope, SandboxCallLimits, SandboxResult } from "../sandbox/sandbox.ts";
import type { JsonValue } from "../json.ts";
import type { NodeExecution } from "./node-definition.ts";

/** The scope user code of one attempt sees: `input`, `ctx.nodes`, `ctx.run`. */
export function codeScopeOf(execution: NodeExecution<unknown>): CodeScope {
  return { input: execution.input, runId: execution.runId, runInput: execution.runInput, nodeOutput: (id) => execution.nodeOutput(id) };
}

/** The attempt's budget, which bounds the code's deadline too (SPEC R3). */
export function callLimitsOf(execution: NodeExecution<unknown>): SandboxCallLimits | undefined {
  return execution.timeoutMs === undefined ? undefined : { attemptTimeoutMs: execution.timeoutMs };
}

export function requireSandbox(execution: NodeExecution<unknown>): Sandbox {
  const sandbox = execution.services.sandbox;
  if (!sandbox) throw new NexusError({ code: ErrorCode.NoExecutor, message: "this host has no code sandbox", retryable: false });
  return sandbox;
}

/**
 * `then` applied to a sandbox's answer, at once when the sandbox answered at once (the pool's
 * in-thread lane does for quick code): a 10,000-transform run then makes no promise per node.
 * @example return mapResult(sandbox.runFunction(code, scope), (result) => ({ output: valueOrThrow(result) }));
 */
export function mapResult<T>(answer: SandboxResult | Promise<SandboxResult>, then: (result: SandboxResult) => T): T | Promise<T> {
  return "then" in answer && typeof answer.then === "function" ? answer.then(then) : then(answer as SandboxResult);
}

/** Unwraps a sandbox result, or throws its error so the engine records it on the node. */
export function valueOrThrow(result: SandboxResult): JsonValue {
  if (result.ok) return result.value;
  throw new NexusError(result.error);
}

/**
 * Evaluates every `{{ expression }}` that `render` asks for, all at once (a sandbox pool sends
 * them to its workers together), and returns a synchronous evaluator over the results for the
 * real render. The first pass renders with placeholders; a failure is thrown by the second
 * pass at the expression that failed, in the order the render asks for them.
 * @example const evaluate = await evaluateTemplates(execution, (e) => renderTemplate(url, e));
 */
export async function evaluateTemplates(
  execution: NodeExecution<unknown>,
  render: (evaluate: (expression: string) => JsonValue) => unknown,
): Promise<(expression: string) => JsonValue> {
  const sandbox = requireSandbox(execution);
  const expressions = new Set<string>();
  render((expression) => (expressions.add(expression), null));
  const scope = codeScopeOf(execution);
  const limits = callLimitsOf(execution);
  const evaluated = await Promise.all([...expressions].map(async (expression) => [expression, await sandbox.evaluate(expression, scope, limits)] as const));
  const results = new Map(evaluated);
  return (expression) => valueOrThrow(results.get(expression) ?? { ok: true, value: null });
}
