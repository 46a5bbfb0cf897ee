import type { ErrorData } from "../errors/index.ts";
import { cutText, maxMessageChars } from "../json-limits.ts";

/**
 * A node's error as the log keeps it: its message cut to a few KB, saying so (SPEC rule E3).
 * The same object when nothing is cut.
 * @example capErrorData({ code: "CODE_ERROR", message: "x".repeat(2e7), retryable: false }).message.length // ~4,100
 */
export function capErrorData(error: ErrorData): ErrorData {
  return error.message.length <= maxMessageChars ? error : { ...error, message: cutText(error.message, maxMessageChars) };
}
