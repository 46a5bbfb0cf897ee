/**
 * Errors cross Comlink, WebSockets, the run log and QuickJS as plain data, never as class
 * instances: `instanceof` does not survive a realm boundary. Every error names who must act
 * through its `code`, and whether trying again can help through `retryable`.
 */
export interface ErrorData {
  /** Stable, machine-readable code such as `HTTP_STATUS` or `CODE_TIMEOUT`. */
  readonly code: string;
  /** A sentence a user can act on. */
  readonly message: string;
  /** True when the world failed (network, 5xx, timeout) and another attempt may succeed. */
  readonly retryable: boolean;
  /** Where in a flow document the problem is, e.g. `nodes[2].config.code`. */
  readonly path?: string;
  /** A server asked us to wait this long before the next attempt (HTTP `Retry-After`). */
  readonly retryAfterMs?: number;
}

/** An error thrown inside the engine or a node executor that carries its `ErrorData`. */
export class NexusError extends Error {
  readonly data: ErrorData;
  constructor(data: ErrorData) {
    super(data.message);
    this.name = "NexusError";
    this.data = data;
  }
}

/**
 * Turns anything thrown into `ErrorData`. Unknown throwables are bugs, not user errors, so
 * they get code `INTERNAL` and are not retried.
 * @example toErrorData(new NexusError({ code: "X", message: "m", retryable: false })).code // "X"
 */
export function toErrorData(thrown: unknown, fallbackCode = "INTERNAL"): ErrorData {
  if (thrown instanceof NexusError) return thrown.data;
  if (isErrorData(thrown)) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { code: fallbackCode, message: message || fallbackCode, retryable: false };
}

/** Rebuilds a throwable from data that crossed a boundary. */
export function fromErrorData(data: ErrorData): NexusError {
  return new NexusError(data);
}

export function isErrorData(value: unknown): value is ErrorData {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && typeof v.message === "string" && typeof v.retryable === "boolean";
}
