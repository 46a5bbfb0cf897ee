/**
 * Import opens the new flow once its save commits, or before when the commit is slow
 * (early-docs.ts, flows-repo.ts). These check what opening early must not cost: edits made
 * before the commit are stored, a failed save stores nothing and leaves what was stored before
 * alone, and y-dexie's first load does not decode the import. And that waiting for a quick
 * commit still hands the editor the doc it was written into.
 */
import "fake-indexeddb/auto";
import * as Y from "yjs";
import { DexieYProvider } from "y-dexie";
import { describe, expect, it } from "vitest";
import type { Flow } from "@nexus-flow/shared";
import { openDb, updatesTable } from "./db.ts";
import { createFlowsRepo } from "./flows-repo.ts";
import { flowChecks } from "../runs/flow-checks.ts";
import { readFlow, renameFlow, sameFlow } from "../flow-doc/index.ts";

//   start ─► shape
const small: Flow = {
  schemaVersion: 1,
  id: "small",
  name: "Small",
  nodes: [
    { id: "shape", type: "transform", position: { x: 240, y: 0 }, config: { code: "return input;" } },
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
  ],
  edges: [{ id: "e1", source: "start", target: "shape" }],
};
const emptyUpdate = Y.encodeStateAsUpdateV2(new Y.Doc());

let count = 0;
/** `commitWaitMs: 0`: import returns as soon as the writes are asked for (as when the commit is slow). */
const fresh = (commitWaitMs = 0) => {
  const db = openDb(`early-docs-${count++}`, { page: true });
  return { db, repo: createFlowsRepo(db, Date.now, flowChecks, { commitWaitMs }) };
};

/** The flow as a new connection to the database loads it (no doc cached). */
async function readBack(name: string, id: string): Promise<Flow | undefined> {
  const db = openDb(name);
  try {
    const record = await db.flows.get(id);
    if (!record) return undefined;
    const provider = DexieYProvider.load(record.doc);
    await provider.whenLoaded;
    const flow = readFlow(record.doc);
    DexieYProvider.release(record.doc);
    return flow;
  } finally {
    db.close();
  }
}

describe("a new flow opened before its save commits", () => {
  it("hands the filled doc out at once, and stores the edits made before the save committed", async () => {
    const { db, repo } = fresh();
    const { id, saved } = await repo.importParsed(small);
    const opened = (await repo.open(id))!;
    expect(sameFlow(readFlow(opened.doc), small)).toBe(true);
    renameFlow(opened.doc, "Small, renamed"); // while the save runs: kept, stored after it
    await saved;
    expect(await db.table(updatesTable).where({ k: id }).count()).toBe(2); // the content, then that edit
    renameFlow(opened.doc, "Small, renamed twice"); // y-dexie follows it now
    await expect.poll(async () => (await readBack(db.name, id))?.name).toBe("Small, renamed twice");
    opened.release();
    expect(await readBack(db.name, id)).toMatchObject({ nodes: small.nodes, edges: small.edges });
    db.close();
  });

  it("stores nothing when the save fails, keeps the flows stored before, and says so", async () => {
    const { db, repo } = fresh();
    const kept = await repo.create("Kept");
    const rowsBefore = await db.table(updatesTable).toArray();
    db.table(updatesTable).hook("creating", () => {
      throw new Error("disk full");
    });
    const { id, saved } = await repo.importParsed(small);
    const opened = (await repo.open(id))!;
    await expect(saved).rejects.toThrow("disk full");
    opened.release();
    expect(await db.flows.get(id)).toBeUndefined();
    expect(await db.table(updatesTable).toArray()).toEqual(rowsBefore);
    expect((await repo.list()).map((flow) => flow.id)).toEqual([kept]);
    db.close();
    expect(await readBack(db.name, kept)).toMatchObject({ name: "Kept" });
  });

  it("is not decoded again by y-dexie's first load while its doc lives; a new doc reads it as stored", async () => {
    const { db, repo } = fresh();
    const { id, saved } = await repo.importParsed(small);
    const opened = (await repo.open(id))!;
    await saved;
    const read = async () => (await db.table(updatesTable).where({ k: id }).toArray()).map((row) => [...(row.u as Uint8Array)]);
    expect(await read()).toEqual([[...emptyUpdate]]);
    opened.release(); // the last reference: y-dexie destroys the doc
    await expect.poll(async () => (await read())[0]!.length).toBeGreaterThan(emptyUpdate.length);
    const again = (await repo.open(id))!;
    expect(sameFlow(readFlow(again.doc), small)).toBe(true);
    again.release();
    db.close();
  });
});

describe("a new flow whose save commits quickly", () => {
  it("opens once stored, from the doc it was written into, and y-dexie follows it", async () => {
    const { db, repo } = fresh(60_000); // never opens before the commit here
    let stored = false;
    const { id, saved } = await repo.importParsed(small);
    void saved.then(() => (stored = true));
    await Promise.resolve();
    expect(stored).toBe(true); // settled before import returned: the address bar may follow at once
    expect(await db.flows.get(id)).toMatchObject({ name: "Small" });
    const opened = (await repo.open(id))!;
    expect(opened.doc.isDestroyed).toBe(false);
    expect(sameFlow(readFlow(opened.doc), small)).toBe(true);
    expect(await db.table(updatesTable).where({ k: id }).count()).toBe(1); // the content, not read back or written twice
    renameFlow(opened.doc, "Small, renamed");
    await expect.poll(async () => (await readBack(db.name, id))?.name).toBe("Small, renamed");
    opened.release();
    db.close();
  });

  it("does not open a flow whose save failed: nothing stored, the error told", async () => {
    const { db, repo } = fresh(60_000);
    const kept = await repo.create("Kept");
    db.table(updatesTable).hook("creating", () => {
      throw new Error("disk full");
    });
    const { id, saved } = await repo.importParsed(small);
    await expect(saved).rejects.toThrow("disk full");
    expect(await repo.open(id)).toBeUndefined();
    expect((await repo.list()).map((flow) => flow.id)).toEqual([kept]);
    db.close();
  });
});
