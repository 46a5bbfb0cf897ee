import { settingValue, type Setting } from "./settings-store.ts";

const dayMs = 24 * 3600 * 1000;
export const maxRetentionDays = 3650;

/** How long run history is kept, in whole days (1 to 10 years; default 90). */
export const runRetentionDays: Setting<number> = {
  key: "runs.retentionDays",
  fallback: 90,
  parse: (raw) => (typeof raw === "number" && Number.isInteger(raw) && raw >= 1 && raw <= maxRetentionDays ? raw : undefined),
};

/** What pruning needs; the engine worker lends its own database connection (see run-db.ts). */
export interface RetentionPorts {
  /** A setting's stored value, unchecked. */
  readonly readSetting: (key: string) => Promise<unknown>;
  /** Deletes runs (and their logs) that started before `cutoff`; says how many. */
  readonly pruneRuns: (cutoff: number) => Promise<number>;
}

/**
 * Deletes runs (and their logs) that started longer ago than the retention setting allows.
 * Called once at start-up.
 * @example await pruneRunHistory({ readSetting, pruneRuns: store.prune }) // 3: three runs older than 90 days were deleted
 */
export async function pruneRunHistory(ports: RetentionPorts, now = Date.now()): Promise<number> {
  const days = settingValue(runRetentionDays, await ports.readSetting(runRetentionDays.key));
  return ports.pruneRuns(now - days * dayMs);
}
