/**
 * Where a node runs, as the UI sees it: this browser, or a runner with labels. A node placed
 * on a runner when no matching runner is online gets a warning (not an error: a runner may
 * connect before the run reaches the node, and the hub queues the job until one does).
 */
import { nodeCatalogEntry } from "@nexus-flow/shared/catalog";
import type { RunnerInfo } from "./team-api.ts";

/**
 * Node types only a runner can execute (database, processes, Python): the browser has no
 * executor for them. Triggers also say `runner` (the hub fires them) but are never placed.
 * @example runnerOnly("db.query") // true
 */
export function runnerOnly(type: string): boolean {
  return !type.startsWith("trigger.") && nodeCatalogEntry(type)?.runsOn === "runner";
}

/** Where a node runs: its own `runner` placement, else its type's default (any runner for a runner-only type). */
export function placementOf(node: { type: string; runner?: { labels: readonly string[] } | undefined }): { labels: readonly string[] } | undefined {
  return node.runner ?? (runnerOnly(node.type) ? { labels: [] } : undefined);
}

/**
 * What a node asks of its runner: the same answer as the shared `runnerNeeds` (the unit test
 * checks they agree), kept here because importing it would bring the runner nodes' zod schemas
 * into the page's bundle.
 * @example nodeNeeds({ type: "db.query", config: { connection: "warehouse" } }) // ["warehouse"]
 */
export function nodeNeeds(node: { type: string; config?: unknown }): string[] {
  if (node.type === "db.query") {
    const connection = (node.config as { connection?: unknown } | undefined)?.connection;
    return typeof connection === "string" ? [connection] : [];
  }
  return runnerOnly(node.type) ? [`node:${node.type}`] : [];
}

/** Connection names runners offer (`warehouse`), without the capabilities they also list (`node:python`). */
export function offeredConnections(runners: readonly RunnerInfo[]): string[] {
  return [...new Set(runners.flatMap((runner) => runner.connections).filter((name) => !name.startsWith("node:")))].sort();
}

/** Labels typed by a person, cleaned: lower case, no blanks, no duplicates. */
export function parseLabels(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((label) => label.trim().toLowerCase()).filter(Boolean))];
}

/**
 * Why a node placed on a runner may not run now, or `undefined`. `needs` are the connections
 * (or capabilities) the node asks of its runner (`runnerNeeds`).
 * @example placementWarning({ labels: ["gpu"] }, true, runners) // "No runner with labels gpu is online: …"
 */
export function placementWarning(placement: { labels: readonly string[] } | undefined, connected: boolean, runners: readonly RunnerInfo[], needs: readonly string[] = []): string | undefined {
  if (!placement) return undefined;
  if (!connected) return "Runs on a runner, but this browser is not connected to a team: a run fails this node.";
  const fits = (runner: RunnerInfo) => runner.connected && placement.labels.every((label) => runner.labels.includes(label)) && needs.every((need) => runner.connections.includes(need));
  if (runners.some(fits)) return undefined;
  const wanted = [placement.labels.length ? `labels ${placement.labels.join(", ")}` : "", needs.length ? `${needs.map(describeNeed).join(", ")}` : ""].filter(Boolean).join(" and ");
  return `No runner${wanted ? ` with ${wanted}` : ""} is online: a run fails this node, or waits with "Queue until a runner is online".`;
}

/** `node:python` → "Python enabled"; `warehouse` → "connection warehouse". */
const describeNeed = (need: string) => (need.startsWith("node:") ? `${need.slice(5)} enabled` : `connection ${need}`);
