/**
 * Storing a new flow writes y-dexie's update rows itself (flows-repo.ts `insert`), in the
 * row format of the y-dexie version installed. These tests read those rows back only
 * through y-dexie, on a fresh connection, so an upgrade that changes the format fails here.
 */
import "fake-indexeddb/auto";
import * as Y from "yjs";
import { compressYDocs, DexieYProvider } from "y-dexie";
import { describe, expect, it } from "vitest";
import type { Flow } from "@nexus-flow/shared";
import { openDb, type FlowRecord, type NexusDb } from "./db.ts";
import { createFlowsRepo } from "./flows-repo.ts";
import { flowChecks } from "../runs/flow-checks.ts";
import { readFlow, renameFlow, sameFlow, writeFlow } from "../flow-doc/index.ts";

const orders: Flow = {
  schemaVersion: 1,
  id: "orders",
  name: "Orders",
  nodes: [
    { id: "fetch", type: "http.request", label: "Fetch orders", position: { x: 720, y: 0 }, config: { method: "POST", url: "https://example.com/orders", body: '{"page": 2}' } },
    { id: "shape", type: "transform", position: { x: 240, y: 0 }, config: { code: "return { total: input.n * 2 };" } },
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
  ],
  edges: [
    { id: "e1", source: "start", target: "shape" },
    { id: "e2", source: "shape", target: "fetch" },
  ],
};

let count = 0;
const fresh = () => {
  const db = openDb(`flow-rows-${count++}`);
  return { db, repo: createFlowsRepo(db, Date.now, flowChecks) };
};

/** The flow as y-dexie loads it on a new connection to the same database (no doc cached). */
async function readBack(name: string, id: string): Promise<Flow> {
  const db = openDb(name);
  try {
    const doc = (await db.flows.get(id))!.doc;
    const provider = DexieYProvider.load(doc);
    // A row y-dexie cannot decode never loads: fail in words rather than at the test's timeout.
    const stuck = new Promise((_, reject) => setTimeout(() => reject(new Error(`y-dexie did not load flow ${id} from its update rows`)), 5000));
    await Promise.race([provider.whenLoaded, stuck]);
    const flow = readFlow(doc);
    DexieYProvider.release(doc);
    return flow;
  } finally {
    db.close();
  }
}

/** Imports and waits until it is stored. */
const importStored = async (repo: ReturnType<typeof fresh>["repo"], flow: Flow): Promise<string> => {
  const imported = await repo.importParsed(flow);
  await imported.saved;
  return imported.id;
};

const updatesOf = (db: NexusDb, id: string) => db.table("$flows.doc_updates").where("k").equals(id).toArray();
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("the rows Import writes for y-dexie", () => {
  it("are read back by y-dexie on a fresh connection: every node, edge and config", async () => {
    const { db, repo } = fresh();
    const id = await importStored(repo, orders);
    db.close();
    const flow = await readBack(db.name, id);
    expect(sameFlow(flow, orders)).toBe(true);
    expect(flow.nodes.find((node) => node.id === "fetch")).toEqual(orders.nodes[0]);
  });

  it("have the shape y-dexie gives the rows it writes itself for a new row with a doc", async () => {
    const { db, repo } = fresh();
    await importStored(repo, orders);
    // y-dexie's own path: `add` of a row holding a filled doc.
    const doc = new Y.Doc();
    writeFlow(doc, { ...orders, id: "by-y-dexie" });
    await db.flows.add({ id: "by-y-dexie", name: "Orders", createdAt: 0, updatedAt: 0, doc } as FlowRecord);
    const [ours] = await updatesOf(db, "orders");
    const [theirs] = await updatesOf(db, "by-y-dexie");
    const shape = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value instanceof Uint8Array ? "bytes" : typeof value]));
    expect(shape(ours!)).toEqual(shape(theirs!));
    db.close();
    expect(sameFlow(await readBack(db.name, "by-y-dexie"), { ...orders, id: "by-y-dexie" })).toBe(true);
    expect(sameFlow(await readBack(db.name, "orders"), orders)).toBe(true);
  });

  it("survive y-dexie's compaction, and edits made on the doc opened right after Import are stored once", async () => {
    const { db, repo } = fresh();
    const id = await importStored(repo, orders);
    const opened = (await repo.open(id))!;
    // The doc Import filled is the one opened: nothing was stored twice by opening it.
    expect(await updatesOf(db, id)).toHaveLength(1);
    renameFlow(opened.doc, "Orders, renamed");
    opened.release();
    await settle();
    expect(await updatesOf(db, id)).toHaveLength(2);
    await compressYDocs(db);
    expect(await updatesOf(db, id)).toHaveLength(1);
    db.close();
    expect(await readBack(db.name, id)).toMatchObject({ name: "Orders, renamed", nodes: orders.nodes, edges: orders.edges });
  });

  it("hold the new flow only, when a flow with the same id was deleted while its doc was open", async () => {
    const { db, repo } = fresh();
    await importStored(repo, { ...orders, nodes: [orders.nodes[2]!], edges: [] });
    const old = (await repo.open("orders"))!;
    await repo.remove("orders");
    await repo.purgeDeleted(Date.now() + 1);
    const id = await importStored(repo, orders);
    expect(id).toBe("orders");
    old.release();
    await settle();
    db.close();
    expect(sameFlow(await readBack(db.name, id), orders)).toBe(true);
  });
});
