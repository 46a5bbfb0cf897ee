/** The sandbox pool's own answers: a call's time budget, and the failures it gives without QuickJS. */
import { ErrorCode } from "../errors/index.ts";
import type { SandboxCallLimits, SandboxLimits, SandboxResult } from "../sandbox/sandbox.ts";

/** Milliseconds a call may run in a worker: the earlier of the code and attempt limits. */
export function budgetOf(base: SandboxLimits, limits: SandboxCallLimits | undefined): number {
  return Math.min(limits?.timeLimitMs ?? base.timeLimitMs, limits?.attemptTimeoutMs ?? Infinity);
}

/** The same failure QuickJS's interrupt gives, for a worker that never answered. */
export function timeLimitFailure(base: SandboxLimits, limits: SandboxCallLimits | undefined): SandboxResult {
  const timeLimitMs = limits?.timeLimitMs ?? base.timeLimitMs;
  const attempt = limits?.attemptTimeoutMs;
  if (attempt !== undefined && attempt < timeLimitMs) return failure(ErrorCode.Timeout, `attempt timed out after ${attempt} ms`, true);
  return failure(ErrorCode.CodeTimeout, `Code exceeded its time limit of ${timeLimitMs} ms`, false);
}

export function failure(code: ErrorCode, message: string, retryable: boolean): SandboxResult {
  return { ok: false, error: { code, message, retryable } };
}
