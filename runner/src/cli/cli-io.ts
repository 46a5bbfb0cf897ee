/** What the CLI touches of its process, so tests can run `main` in-process. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /** Height of the terminal stderr shows on, if it is one: big steps' progress is summarized beyond it. */
  readonly rows?: number;
  /** Registers a Ctrl-C handler; returns a function that removes it. */
  readonly onInterrupt?: (handler: () => void) => () => void;
}

/** 70 is sysexits' EX_SOFTWARE: a bug in nexus, as opposed to a run that failed (1). */
export const ExitCode = { Ok: 0, RunFailed: 1, Usage: 2, WaitingForApproval: 3, InternalError: 70 } as const;

/** Bad command line or bad input file: exit 2 with the message, no stack trace. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
