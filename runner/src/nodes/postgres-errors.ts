import { ErrorCode, NexusError } from "@nexus-flow/shared";

/** SQLSTATE classes and codes worth trying again: the connection or the server, not the SQL. */
const retryableStates = /^(08|53|57P0[1-3]|40001|40P01)/;
const networkCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE"]);

/**
 * A `pg` error as the node's error: Postgres's own message with its SQLSTATE, retryable when
 * the connection or the server failed (class 08, 53, 57P01–03, serialization, deadlock) and
 * not when the SQL is wrong. A cancelled query says whether the run or the timeout did it.
 */
export function postgresError(error: unknown, context: { connection: string; cancelled: boolean; timeoutMs?: number }): NexusError {
  const { code, message, position } = error as { code?: string; message?: string; position?: string };
  if (code === "57014") {
    if (context.cancelled) return new NexusError({ code: ErrorCode.Cancelled, message: "the query was cancelled on the server", retryable: false });
    return new NexusError({ code: ErrorCode.Timeout, message: `the query ran past its timeout of ${context.timeoutMs} ms and was cancelled on the server (SQLSTATE 57014)`, retryable: false });
  }
  if (code && /^[0-9A-Z]{5}$/.test(code)) {
    const at = position ? ` at character ${position}` : "";
    return new NexusError({ code: "DB_ERROR", message: `${message}${at} (SQLSTATE ${code})`, retryable: retryableStates.test(code) });
  }
  if (code && networkCodes.has(code)) return new NexusError({ code: ErrorCode.Network, message: `cannot reach the database of connection "${context.connection}": ${message}`, retryable: true });
  if (/Connection terminated|timeout exceeded when trying to connect/i.test(message ?? "")) return new NexusError({ code: ErrorCode.Network, message: `the connection "${context.connection}" failed: ${message}`, retryable: true });
  return new NexusError({ code: "DB_ERROR", message: message ?? String(error), retryable: false });
}
