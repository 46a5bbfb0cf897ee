import "fake-indexeddb/auto";
import * as Y from "yjs";
import { DexieYProvider } from "y-dexie";
import { describe, expect, it } from "vitest";
import type { Flow } from "@nexus-flow/shared";
import { openDb, updatesTable } from "./db.ts";
import { createFlowsRepo } from "./flows-repo.ts";
import { flowChecks } from "../runs/flow-checks.ts";
import { moveNodes, readFlow } from "../flow-doc/index.ts";

const flow: Flow = {
  schemaVersion: 1, id: "f", name: "F",
  nodes: [{ id: "a", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} }],
  edges: [],
};
const emptyUpdate = Y.encodeStateAsUpdateV2(new Y.Doc());
let count = 0;

describe("own updates (y-dexie's live query reading back this tab's writes)", () => {
  it("hands the live query's follow-up read an empty update for a row this tab added, and every other read the row as stored", async () => {
    const name = `own-updates-${count++}`;
    const page = openDb(name, { page: true });
    const otherTab = openDb(name);
    const rows = () => page.table(updatesTable);
    const first = await rows().add({ k: "f", u: new Uint8Array([1, 2, 3]), f: 1 });
    const own = await rows().add({ k: "f", u: new Uint8Array([4, 5, 6]), f: 1 });
    const theirs = await otherTab.table(updatesTable).add({ k: "f", u: new Uint8Array([7, 8]), f: 1 });
    const followUp = async () => (await rows().where("i").between(first, Infinity, false).toArray()).map((row) => [row.i, [...row.u]]);
    expect(await followUp()).toEqual([[own, [...emptyUpdate]], [theirs, [7, 8]]]);
    // Read again (the live query reads from Dexie's cache, then from the store): still empty.
    expect(await followUp()).toEqual([[own, [...emptyUpdate]], [theirs, [7, 8]]]);
    // The first load of a doc reads by flow: everything as stored.
    expect((await rows().where({ k: "f" }).toArray()).map((row) => [...row.u])).toEqual([[1, 2, 3], [4, 5, 6], [7, 8]]);
    // A row rewritten since (a merge by compaction keeps the last row's key) is read as stored.
    const merged = await rows().add({ k: "f", u: new Uint8Array([9]), f: 1 });
    await otherTab.table(updatesTable).put({ i: merged, k: "f", u: new Uint8Array([9, 9]) });
    expect((await followUp()).at(-1)).toEqual([merged, [9, 9]]);
    page.close();
    otherTab.close();
  });

  it("keeps an open flow's edits stored whole: a new connection reads them back", async () => {
    const name = `own-updates-${count++}`;
    const db = openDb(name, { page: true });
    const repo = createFlowsRepo(db, Date.now, flowChecks);
    const { id, saved } = await repo.importParsed(flow);
    await saved;
    const opened = (await repo.open(id))!;
    moveNodes(opened.doc, [{ id: "a", x: 40, y: 80 }]);
    // y-dexie stores the edit and its live query reads it back; wait until the row is there.
    await expect.poll(() => db.table(updatesTable).count()).toBeGreaterThan(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readFlow(opened.doc).nodes[0]!.position).toEqual({ x: 40, y: 80 });
    opened.release();
    db.close();
    const fresh = openDb(name);
    const record = (await fresh.flows.get(id))!;
    const provider = DexieYProvider.load(record.doc);
    await provider.whenLoaded;
    expect(readFlow(record.doc).nodes[0]!.position).toEqual({ x: 40, y: 80 });
    DexieYProvider.release(record.doc);
    fresh.close();
  });
});
