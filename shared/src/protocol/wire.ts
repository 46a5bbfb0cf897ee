/**
 * The control relay's wire: versioned JSON messages between the hub (a Durable Object per
 * team), runners and submitters. Every message is an object with a `type`; both ends
 * validate what they receive with the schemas in this folder (PROTOCOL.md describes them,
 * with the rule ids the tests cite).
 */

/** Bumped when a message changes shape; a runner of another version is refused with a reason. */
export const protocolVersion = 1;

export const wireLimits = {
  /** Largest frame either side sends or accepts (workerd refuses frames over 1 MiB). */
  maxFrameBytes: 1_000_000,
  /** Run events or log lines in one chunk. */
  maxChunkEntries: 1_000,
  /** Messages in one batch frame (W4). */
  maxBatch: 100,
  /** Frames per second per connection, with a burst allowance. */
  framesPerSecond: 500,
  burstFrames: 2_000,
} as const;

/** Timings the hub hands runners in `welcome` (rule L3, L6). */
export const leaseTimings = {
  /** A lease not renewed for this long expires and the job is re-offered. */
  leaseMs: 10_000,
  /** Runners heartbeat this often, each interval jittered by ±20 %. */
  heartbeatMs: 2_500,
  /** After a runner's socket closes, its leases wait this long for it to reconnect. */
  reconnectGraceMs: 5_000,
  /** Results are kept this long for submitters that come back (rule J3). */
  resultTtlMs: 24 * 60 * 60 * 1000,
} as const;

/** WebSocket close codes the hub uses when it refuses or drops a connection. */
export const controlCloseCodes = {
  badMessage: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  revoked: 4410,
  tooBig: 4413,
  tooMany: 4429,
  replaced: 4409,
} as const;
