import { decodeRunLog, NexusError, type RunEvent, type RunStatus } from "@nexus-flow/shared";
import type { NexusDb } from "../storage/db.ts";
import { runLockName } from "./engine-api.ts";

/** One line of a flow's run history. */
export interface HistoryEntry {
  readonly runId: string;
  /** `interrupted`: unfinished and no tab drives it (it resumes when its flow is opened). */
  readonly status: RunStatus | "interrupted";
  readonly startedAt: number;
  readonly finishedAt?: number;
}

/** How many runs the History tab lists. */
export const historyLimit = 200;

/**
 * The flow's runs, newest first. A run the table calls `running` is `interrupted` unless
 * some tab holds its lock (see locks.ts).
 * @example await readHistory(db, "orders") // [{ runId: "…", status: "succeeded", startedAt, finishedAt }]
 */
export async function readHistory(db: NexusDb, flowId: string, heldLocks: () => Promise<ReadonlySet<string>> = heldRunLocks): Promise<HistoryEntry[]> {
  const runs = await db.runs.where("[flowId+startedAt]").between([flowId, -Infinity], [flowId, Infinity]).reverse().limit(historyLimit).toArray();
  const held = runs.some((run) => run.status === "running") ? await heldLocks() : new Set<string>();
  return runs.map((run) => {
    const status = run.status === "running" && !held.has(runLockName(run.runId)) ? "interrupted" : run.status;
    return { runId: run.runId, status, startedAt: run.startedAt, ...(run.finishedAt !== undefined ? { finishedAt: run.finishedAt } : {}) };
  });
}

/**
 * A past run's whole log, read through the page's connection (the engine worker wrote it).
 * @example viewOfLog(await readRunLog(db, runId), false)
 */
export async function readRunLog(db: NexusDb, runId: string): Promise<RunEvent[]> {
  const batches = await db.runEvents.where("[runId+seq]").between([runId, -Infinity], [runId, Infinity]).toArray();
  if (!batches.length) throw new NexusError({ code: "RUN_NOT_FOUND", message: `no run ${runId}`, retryable: false });
  return decodeRunLog(runId, batches.flatMap((batch) => batch.events)); // outputs stored once (SPEC rule L5)
}

async function heldRunLocks(): Promise<ReadonlySet<string>> {
  const manager = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!manager) return new Set();
  const { held = [] } = await manager.query();
  return new Set(held.map((lock) => lock.name ?? ""));
}
