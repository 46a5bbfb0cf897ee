import { ErrorCode, NexusError } from "../errors/index.ts";
import type { Sandbox, CodeScope, SandboxResult } from "../sandbox/sandbox.ts";
import type { JsonValue } from "../json.ts";
import type { NodeExecution } from "./node-definition.ts";

/** The scope user code of one attempt sees: `input`, `ctx.nodes`, `ctx.run`. */
export function codeScopeOf(execution: NodeExecution<unknown>): CodeScope {
  return { input: execution.input, runId: execution.runId, runInput: execution.runInput, nodeOutput: (id) => execution.nodeOutput(id) };
}

export function requireSandbox(execution: NodeExecution<unknown>): Sandbox {
  const sandbox = execution.services.sandbox;
  if (!sandbox) throw new NexusError({ code: ErrorCode.NoExecutor, message: "this host has no code sandbox", retryable: false });
  return sandbox;
}

/** Unwraps a sandbox result, or throws its error so the engine records it on the node. */
export function valueOrThrow(result: SandboxResult): JsonValue {
  if (result.ok) return result.value;
  throw new NexusError(result.error);
}
