import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { Dexie } from "dexie";
import { openDb } from "./db.ts";
import { connectRunDb } from "./run-db.ts";

describe("the worker's database connection", () => {
  it("opens the page's database as installed, without declaring a schema", async () => {
    await openDb("run-db-1").open();
    const db = await connectRunDb("run-db-1")();
    expect([...db.objectStoreNames]).toEqual(expect.arrayContaining(["runs", "runEvents", "settings"]));
    expect([...db.transaction("runs").store.indexNames]).toEqual(expect.arrayContaining(["flowId", "startedAt", "[flowId+startedAt]"]));
  });

  it("waits for the page to create the database, and gives up with the reason after a while", async () => {
    const opening = connectRunDb("run-db-2")();
    await new Promise((resolve) => setTimeout(resolve, 120));
    await openDb("run-db-2").open();
    expect([...(await opening).objectStoreNames]).toContain("runEvents");
    await expect(connectRunDb("run-db-never", 100)()).rejects.toMatchObject({ name: "NoSuchDatabaseError" });
    expect(await Dexie.exists("run-db-never")).toBe(false); // it never creates the database itself
  });

  it("steps aside when the page upgrades the schema, and reopens on the next use", async () => {
    const page = openDb("run-db-3");
    await page.open();
    const db = connectRunDb("run-db-3");
    const first = await db();
    page.close();
    const upgraded = new Dexie("run-db-3");
    upgraded.version(2).stores({ runs: "runId, flowId, startedAt, [flowId+startedAt]", runEvents: "[runId+seq], runId", settings: "key", extra: "id" });
    await upgraded.open(); // would stay blocked if the worker's connection did not close
    upgraded.close();
    const second = await db();
    expect(second).not.toBe(first);
    expect(second.version).toBe(20);
  });
});
