/**
 * The engine worker's connection to the app's database, through `idb` (~1 KB) instead of
 * Dexie (~32 KB gzipped): the worker only reads and writes rows of the run tables, so it
 * needs no schema language, no live queries and no Yjs addon. The page's `openDb()` (db.ts)
 * stays the one place that creates and upgrades the schema; `RunTables` mirrors what it
 * declares for `runs`, `runEvents` and `settings`, and the store names and index names
 * below are Dexie's (a compound index `[a+b]` is named exactly that).
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import { NexusError } from "@nexus-flow/shared";
import type { RunEventBatch, RunRecord, SettingRecord } from "./db.ts";

export interface RunTables extends DBSchema {
  runs: { key: string; value: RunRecord; indexes: { flowId: string; startedAt: number; "[flowId+startedAt]": [string, number] } };
  runEvents: { key: [string, number]; value: RunEventBatch; indexes: { runId: string } };
  settings: { key: string; value: SettingRecord };
}

/** Resolves to an open connection, reopening it after the page upgraded the schema. */
export type RunDb = () => Promise<IDBPDatabase<RunTables>>;

const runTables = ["runs", "runEvents", "settings"] as const;

/**
 * Connects to the database the page created (waiting for it briefly when the page has not
 * yet). The first call opens; later calls share the connection.
 * @example const db = connectRunDb(); const store = createIdbRunStore(db);
 */
export function connectRunDb(name = "nexus-flow", waitMs = 10_000): RunDb {
  let current: Promise<IDBPDatabase<RunTables>> | undefined;
  const forget = () => (current = undefined);
  return () => {
    current ??= openAsInstalled(name, waitMs, forget);
    current.catch(forget); // the next command tries again rather than repeating a stale failure
    return current;
  };
}

async function openAsInstalled(name: string, waitMs: number, onClosed: () => void): Promise<IDBPDatabase<RunTables>> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return checkTables(await openExisting(name, onClosed));
    } catch (error) {
      if ((error as { name?: string }).name !== "NoSuchDatabaseError" || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Opens at the installed version. Never creates the database: that is the page's job. */
async function openExisting(name: string, onClosed: () => void): Promise<IDBPDatabase<RunTables>> {
  let missing = false;
  try {
    const db = await openDB<RunTables>(name, undefined, {
      // Only reached when the database does not exist yet: undo the creation.
      upgrade(_db, _old, _new, transaction) {
        missing = true;
        transaction.done.catch(() => undefined); // the abort is the point, not a failure
        transaction.abort();
      },
      // The page wants to upgrade the schema: step aside (the next command reopens).
      blocking: () => (db.close(), onClosed()),
      terminated: onClosed,
    });
    return db;
  } catch (error) {
    if (!missing) throw error;
    throw Object.assign(new Error(`the app's database "${name}" does not exist yet`), { name: "NoSuchDatabaseError" });
  }
}

function checkTables(db: IDBPDatabase<RunTables>): IDBPDatabase<RunTables> {
  for (const table of runTables) {
    if (db.objectStoreNames.contains(table)) continue;
    db.close();
    throw new NexusError({ code: "DB_SCHEMA", message: `the app's database has no "${table}" table; reload the page`, retryable: false });
  }
  return db;
}

/** A setting's stored value, unchecked (see settings-store.ts for the check). */
export async function readSettingValue(db: RunDb, key: string): Promise<unknown> {
  return (await (await db()).get("settings", key))?.value;
}
