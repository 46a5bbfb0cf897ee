/**
 * Where a node runs, as the UI sees it: this browser, or a runner with labels. A node placed
 * on a runner when no matching runner is online gets a warning (not an error: a runner may
 * connect before the run reaches the node, and the hub queues the job until one does).
 */
import type { RunnerInfo } from "./team-api.ts";

/** Labels typed by a person, cleaned: lower case, no blanks, no duplicates. */
export function parseLabels(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((label) => label.trim().toLowerCase()).filter(Boolean))];
}

/**
 * Why a node placed on a runner may not run now, or `undefined`.
 * @example placementWarning({ labels: ["gpu"] }, true, runners) // "No runner with labels gpu is online: …"
 */
export function placementWarning(placement: { labels: readonly string[] } | undefined, connected: boolean, runners: readonly RunnerInfo[]): string | undefined {
  if (!placement) return undefined;
  if (!connected) return "Runs on a runner, but this browser is not connected to a team: a run fails this node.";
  const matches = runners.some((runner) => runner.connected && placement.labels.every((label) => runner.labels.includes(label)));
  if (matches) return undefined;
  const wanted = placement.labels.length ? `with labels ${placement.labels.join(", ")}` : "";
  return `No runner ${wanted} is online: a run waits for one.`.replace("  ", " ");
}
