import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import type { RunEvent } from "@nexus-flow/shared";
import { openDb } from "../storage/db.ts";
import { createIdbRunStore } from "../storage/idb-run-store.ts";
import { connectRunDb, readSettingValue } from "../storage/run-db.ts";
import { readSetting, writeSetting } from "./settings-store.ts";
import { pruneRunHistory, runRetentionDays, type RetentionPorts } from "./run-retention.ts";

let count = 0;
const day = 24 * 3600 * 1000;
const now = Date.UTC(2026, 5, 1);

/** The page's database, and the engine worker's view of it (where pruning runs). */
async function setup() {
  const page = openDb(`retention-${count++}`);
  await page.open();
  const db = connectRunDb(page.name);
  const store = createIdbRunStore(db);
  const ports: RetentionPorts = { readSetting: (key) => readSettingValue(db, key), pruneRuns: store.prune };
  return { page, store, ports };
}

async function addRun(store: ReturnType<typeof createIdbRunStore>, runId: string, startedAt: number): Promise<void> {
  const writer = await store.open(runId);
  const started: RunEvent = { type: "run.started", runId, flow: { schemaVersion: 1, id: "f", name: "F", nodes: [], edges: [] }, input: null, at: startedAt };
  await writer.append([started]);
  await writer.close();
}

describe("run history retention", () => {
  it("defaults to 90 days, and falls back to it when the stored value is not a whole number of days", async () => {
    const db = openDb(`retention-${count++}`);
    expect(await readSetting(db, runRetentionDays)).toBe(90);
    await db.settings.put({ key: runRetentionDays.key, value: "30" });
    expect(await readSetting(db, runRetentionDays)).toBe(90);
    await writeSetting(db, runRetentionDays, 30);
    expect(await readSetting(db, runRetentionDays)).toBe(30);
    await expect(writeSetting(db, runRetentionDays, 0)).rejects.toThrow(RangeError);
  });

  it("prunes the runs that started before the retention window, with their logs", async () => {
    const { page, store, ports } = await setup();
    await addRun(store, "old", now - 91 * day);
    await addRun(store, "recent", now - 89 * day);
    expect(await pruneRunHistory(ports, now)).toBe(1);
    expect(await page.runs.toCollection().primaryKeys()).toEqual(["recent"]);
    await writeSetting(page, runRetentionDays, 7); // set on the page, read by the worker
    expect(await pruneRunHistory(ports, now)).toBe(1);
    expect(await page.runEvents.count()).toBe(0);
  });
});
