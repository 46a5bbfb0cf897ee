import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { runStoreContract } from "../../../shared/test-support/run-store-contract.ts";
import type { RunEvent } from "@nexus-flow/shared";
import { openDb } from "./db.ts";
import { createDexieRunStore, pruneRuns } from "./dexie-run-store.ts";

let count = 0;
const freshDb = () => openDb(`test-${count++}`);
runStoreContract("IndexedDB (Dexie)", async () => createDexieRunStore(freshDb()));

const started = (runId: string, at: number): RunEvent => ({ type: "run.started", runId, flow: { schemaVersion: 1, id: "f", name: "F", nodes: [], edges: [] }, input: null, at });

describe("IndexedDB run store", () => {
  it("coalesces appends made while a write is in flight into few transactions, keeping order", async () => {
    const db = freshDb();
    const writer = await createDexieRunStore(db).open("r");
    const appends = [writer.append([started("r", 0)])];
    for (let i = 1; i <= 500; i++) appends.push(writer.append([{ type: "node.skipped", nodeId: `n${i}`, at: i }]));
    await Promise.all(appends);
    await writer.close();
    expect(await db.runEvents.count()).toBeLessThan(5);
    const events = await createDexieRunStore(db).read("r");
    expect(events.map((event) => event.at)).toEqual([...Array(501).keys()]);
  });

  it("prunes runs older than the retention cutoff, logs included", async () => {
    const db = freshDb();
    const store = createDexieRunStore(db);
    for (const [runId, at] of [["old", 10], ["new", 1000]] as const) {
      const writer = await store.open(runId);
      await writer.append([started(runId, at)]);
      await writer.close();
    }
    expect(await pruneRuns(db, 500)).toBe(1);
    expect((await store.list()).map((run) => run.runId)).toEqual(["new"]);
    await expect(store.read("old")).rejects.toMatchObject({ data: { code: "RUN_NOT_FOUND" } });
  });
});
