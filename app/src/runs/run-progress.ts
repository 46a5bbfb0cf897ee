import { isTerminal, type RunState } from "@nexus-flow/shared";

/** How far a run got, counted honestly: a failed node is not "done". */
export interface RunProgress {
  /** Nodes in a final state, whatever it is (the progress bar). */
  readonly finished: number;
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
  readonly cancelled: number;
}

export function progressOf(state: RunState | undefined): RunProgress {
  const counts = { finished: 0, total: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0 };
  if (!state) return counts;
  for (const id in state.nodes) {
    const status = state.nodes[id]!.status;
    counts.total++;
    if (isTerminal(status)) counts.finished++;
    if (status === "succeeded" || status === "failed" || status === "skipped" || status === "cancelled") counts[status]++;
  }
  return counts;
}

/**
 * The words beside the progress bar.
 * @example progressText({ finished: 6, total: 6, succeeded: 3, failed: 1, skipped: 2, cancelled: 0 }) // "3 of 6 nodes done, 1 failed, 2 skipped"
 */
export function progressText(progress: RunProgress): string {
  const parts = [`${progress.succeeded.toLocaleString()} of ${progress.total.toLocaleString()} nodes done`];
  if (progress.failed) parts.push(`${progress.failed.toLocaleString()} failed`);
  if (progress.skipped) parts.push(`${progress.skipped.toLocaleString()} skipped`);
  if (progress.cancelled) parts.push(`${progress.cancelled.toLocaleString()} cancelled`);
  return parts.join(", ");
}
