/** The error codes the engine and the built-in nodes produce. Hosts may add their own. */
export const ErrorCode = {
  /** The flow document is invalid; the user fixes it. */
  InvalidFlow: "INVALID_FLOW",
  /** User code threw; its message is the thrown message. */
  CodeError: "CODE_ERROR",
  /** User code does not parse. */
  CodeSyntax: "CODE_SYNTAX",
  /** User code ran past its time limit. */
  CodeTimeout: "CODE_TIMEOUT",
  /** User code allocated past its memory limit. */
  CodeMemory: "CODE_MEMORY",
  /** User code returned something that is not JSON. */
  CodeOutput: "CODE_OUTPUT",
  /** An attempt ran past the node's `timeoutMs`. */
  Timeout: "TIMEOUT",
  /** The run was cancelled while the node was running. */
  Cancelled: "CANCELLED",
  /** An HTTP response had a non-2xx status. */
  HttpStatus: "HTTP_STATUS",
  /** The request never got a response (DNS, refused, reset, CORS). */
  Network: "NETWORK",
  /** An approver rejected the approval node. */
  Rejected: "REJECTED",
  /** No executor is registered for the node's type on this host. */
  NoExecutor: "NO_EXECUTOR",
  /** A bug: something that should not happen. */
  Internal: "INTERNAL",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
