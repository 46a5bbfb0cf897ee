import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { runStoreContract } from "../../../shared/test-support/run-store-contract.ts";
import type { RunEvent } from "@nexus-flow/shared";
import { openDb } from "./db.ts";
import { createIdbRunStore } from "./idb-run-store.ts";
import { connectRunDb } from "./run-db.ts";

let count = 0;

/** As in the app: the page's Dexie creates the schema, the worker's idb connection uses it. */
async function freshDb(): Promise<{ page: ReturnType<typeof openDb>; db: ReturnType<typeof connectRunDb> }> {
  const name = `idb-run-store-${count++}`;
  const page = openDb(name);
  await page.open();
  page.close();
  return { page, db: connectRunDb(name) };
}

runStoreContract("IndexedDB (idb, over the page's Dexie schema)", async () => createIdbRunStore((await freshDb()).db));

const started = (runId: string, at: number, flowId = "f"): RunEvent => ({ type: "run.started", runId, flow: { schemaVersion: 1, id: flowId, name: "F", nodes: [], edges: [] }, input: null, at });

async function writeLog(store: ReturnType<typeof createIdbRunStore>, runId: string, events: RunEvent[]): Promise<void> {
  const writer = await store.open(runId);
  await writer.append(events);
  await writer.close();
}

describe("IndexedDB run store (idb)", () => {
  it("coalesces appends made while a write is in flight into few transactions, keeping order", async () => {
    const { db } = await freshDb();
    const writer = await createIdbRunStore(db).open("r");
    const appends = [writer.append([started("r", 0)])];
    for (let i = 1; i <= 500; i++) appends.push(writer.append([{ type: "node.skipped", nodeId: `n${i}`, at: i }]));
    await Promise.all(appends);
    await writer.close();
    expect(await (await db()).count("runEvents")).toBeLessThan(5);
    const events = await createIdbRunStore(db).read("r");
    expect(events.map((event) => event.at)).toEqual([...Array(501).keys()]);
  });

  it("writes rows the page's Dexie reads: the history row follows the log", async () => {
    const { page, db } = await freshDb();
    await writeLog(createIdbRunStore(db), "r1", [started("r1", 5), { type: "run.finished", status: "failed", at: 9 }]);
    await page.open();
    expect(await page.runs.get("r1")).toEqual({ runId: "r1", flowId: "f", flowName: "F", status: "failed", startedAt: 5, finishedAt: 9 });
    expect(await page.runEvents.where("runId").equals("r1").count()).toBe(1);
    page.close();
  });

  it("prunes runs older than the retention cutoff, logs included", async () => {
    const { db } = await freshDb();
    const store = createIdbRunStore(db);
    await writeLog(store, "old", [started("old", 10)]);
    await writeLog(store, "new", [started("new", 1000)]);
    expect(await store.prune(500)).toBe(1);
    expect((await store.list()).map((run) => run.runId)).toEqual(["new"]);
    await expect(store.read("old")).rejects.toMatchObject({ data: { code: "RUN_NOT_FOUND" } });
  });

  it("lists a flow's unfinished runs, oldest first", async () => {
    const { db } = await freshDb();
    const store = createIdbRunStore(db);
    await writeLog(store, "b", [started("b", 20)]);
    await writeLog(store, "a", [started("a", 10)]);
    await writeLog(store, "done", [started("done", 5), { type: "run.finished", status: "succeeded", at: 6 }]);
    await writeLog(store, "other", [started("other", 1, "g")]);
    expect(await store.unfinishedRuns("f")).toEqual(["a", "b"]);
  });
});
