import type { RunEventSink } from "../engine/ports.ts";
import type { RunEvent, RunStatus } from "../engine/run-event.ts";

/**
 * Where run logs live: files on a runner, IndexedDB in the browser, memory in tests. Every
 * implementation passes the same contract suite (shared/test-support/run-store-contract.ts).
 */
export interface RunStore {
  /**
   * Opens a run's log for appending, creating it if new. One writer per run at a time.
   * `prefix`, the log read back when resuming, lets new entries refer to outputs already in it
   * (SPEC rule L5).
   */
  open(runId: string, prefix?: readonly RunEvent[]): Promise<RunLogWriter>;
  /** The run's whole log, references resolved; a torn last entry (the host died mid-write) is left out. */
  read(runId: string): Promise<RunEvent[]>;
  /** A line per run, newest first. */
  list(): Promise<RunSummary[]>;
  /** The full id of the one run whose id starts with `prefix`. */
  resolve(prefix: string): Promise<string>;
}

export interface RunLogWriter extends RunEventSink {
  /** Releases the log so another process may resume the run. */
  close(): Promise<void>;
}

export interface RunSummary {
  readonly runId: string;
  readonly flowId: string;
  readonly flowName: string;
  /** `interrupted`: not finished, and no live process is writing it (resume it). */
  readonly status: RunStatus | "interrupted";
  readonly startedAt: number;
  readonly finishedAt?: number;
}

/** Derives a summary from the first and last entries of a log. */
export function summarize(runId: string, first: RunEvent, last: RunEvent, writing: boolean): RunSummary {
  if (first.type !== "run.started") throw new Error(`run ${runId}: log does not start with run.started`);
  const base = { runId, flowId: first.flow.id, flowName: first.flow.name, startedAt: first.at };
  if (last.type === "run.finished") return { ...base, status: last.status, finishedAt: last.at };
  return { ...base, status: writing ? "running" : "interrupted" };
}
