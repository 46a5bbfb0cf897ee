import type { RetryPolicy } from "../flow/flow-schema.ts";

export const retryDefaults = { initialDelayMs: 1000, factor: 2, maxDelayMs: 60_000 } as const;

/**
 * Delay before the attempt after `failedAttempt` (1-based): exponential, capped, with
 * "equal jitter" (half fixed, half random) so retries of many nodes spread out but never
 * come back sooner than half the nominal delay. A server's Retry-After wins when longer.
 * SPEC rule R2.
 * @example retryDelayMs({ maxAttempts: 3, initialDelayMs: 100 }, 2, () => 1) // 200
 */
export function retryDelayMs(policy: RetryPolicy, failedAttempt: number, random: () => number, retryAfterMs?: number): number {
  const initial = policy.initialDelayMs ?? retryDefaults.initialDelayMs;
  const factor = policy.factor ?? retryDefaults.factor;
  const cap = policy.maxDelayMs ?? retryDefaults.maxDelayMs;
  const nominal = Math.min(cap, initial * factor ** (failedAttempt - 1));
  const jittered = Math.round(nominal / 2 + (random() * nominal) / 2);
  return retryAfterMs === undefined ? jittered : Math.max(jittered, retryAfterMs);
}
