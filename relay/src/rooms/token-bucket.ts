/**
 * A token bucket: `capacity` tokens to start with, refilled at `refillPerSecond`. Each
 * message takes one token; a message finding the bucket empty is over the limit.
 */
export interface TokenBucket {
  /** Takes one token; false when none is left. */
  take(): boolean;
}

export interface TokenBucketOptions {
  readonly capacity: number;
  readonly refillPerSecond: number;
  /** Milliseconds, monotonic enough for rate limiting (workerd's `Date.now`). */
  readonly now: () => number;
}

/**
 * @example
 * const bucket = createTokenBucket({ capacity: 400, refillPerSecond: 100, now: Date.now });
 * if (!bucket.take()) socket.close(4429, "too many messages");
 */
export function createTokenBucket({ capacity, refillPerSecond, now }: TokenBucketOptions): TokenBucket {
  let tokens = capacity;
  let last = now();
  return {
    take() {
      const at = now();
      // A clock that steps back (never in workerd, but cheap to guard) refills nothing.
      tokens = Math.min(capacity, tokens + (Math.max(0, at - last) * refillPerSecond) / 1000);
      last = at;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
