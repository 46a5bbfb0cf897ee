import { describe, expect, it } from "vitest";
import type * as Party from "partykit/server";
import { YPartyKitStorage } from "y-partykit/storage";
import * as Y from "yjs";
import { runRows, UpdateLog } from "./update-log.ts";

/** Durable Object storage in memory: sorted keys, list ranges, multi-key put and delete. */
function memoryStorage() {
  const data = new Map<string, unknown>();
  const sorted = () => [...data.keys()].sort();
  const storage = {
    data,
    async put(entries: Record<string, unknown>) {
      for (const [key, value] of Object.entries(entries)) data.set(key, value);
    },
    async delete(keys: string[]) {
      for (const key of keys) data.delete(key);
      return keys.length;
    },
    async sync() {},
    async list(options: { start?: string; end?: string; reverse?: boolean; limit?: number } = {}) {
      let keys = sorted().filter((key) => (options.start === undefined || key >= options.start) && (options.end === undefined || key < options.end));
      if (options.reverse) keys.reverse();
      if (options.limit !== undefined) keys = keys.slice(0, options.limit);
      return new Map(keys.map((key) => [key, data.get(key)]));
    },
    async transaction<T>(run: (txn: unknown) => Promise<T>) {
      return run(storage);
    },
  };
  return storage;
}

function edit(doc: Y.Doc, key: string, value: unknown): Uint8Array {
  let update: Uint8Array = new Uint8Array();
  const take = (u: Uint8Array) => (update = u);
  doc.once("update", take);
  doc.getMap("m").set(key, value);
  return update;
}

describe("the update log, in y-partykit's format", () => {
  it("stores each update as it is appended, and y-partykit loads the room from it", async () => {
    const storage = memoryStorage();
    const log = new UpdateLog(storage as unknown as Party.Storage, "room-1", (error) => { throw error; });
    await log.open();
    const doc = new Y.Doc();
    await log.append(edit(doc, "a", 1));
    await log.append(edit(doc, "big", new Uint8Array(300_000).fill(5))); // over 128 KiB: chunked
    expect([...storage.data.keys()]).toEqual([
      '"v1"#"room-1"#"update"#000000000#000',
      '"v1"#"room-1"#"update"#000000001#000',
      '"v1"#"room-1"#"update"#000000001#001',
      '"v1"#"room-1"#"update"#000000001#002',
    ]);
    const loaded = await new YPartyKitStorage(storage as unknown as Party.Storage).getYDoc("room-1");
    expect(loaded.getMap("m").get("a")).toBe(1);
    expect((loaded.getMap("m").get("big") as Uint8Array).length).toBe(300_000);
  });

  it("compacts the log into one update, and carries on after the clock a reopened room finds", async () => {
    const storage = memoryStorage();
    const doc = new Y.Doc();
    const first = new UpdateLog(storage as unknown as Party.Storage, "room-2", (error) => { throw error; });
    await first.open();
    for (let i = 0; i < 5; i++) await first.append(edit(doc, `k${i}`, i));
    await first.compact();
    expect([...storage.data.keys()]).toEqual(['"v1"#"room-2"#"update"#000000005#000']);
    const reopened = new UpdateLog(storage as unknown as Party.Storage, "room-2", (error) => { throw error; });
    await reopened.open();
    await reopened.append(edit(doc, "after", true));
    expect([...storage.data.keys()].at(-1)).toBe('"v1"#"room-2"#"update"#000000006#000');
    const loaded = await new YPartyKitStorage(storage as unknown as Party.Storage).getYDoc("room-2");
    expect(loaded.getMap("m").toJSON()).toEqual({ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, after: true });
  });
});

describe("the update log while a room is in use", () => {
  it(`merges every ${runRows} rows into one in the write of the last, and the room loads the same`, async () => {
    const storage = memoryStorage();
    const log = new UpdateLog(storage as unknown as Party.Storage, "room-3", (error) => { throw error; });
    await log.open();
    const doc = new Y.Doc();
    for (let i = 0; i < runRows - 1; i++) await log.append(edit(doc, `k${i}`, i));
    expect(storage.data.size).toBe(runRows - 1);
    await log.append(edit(doc, "last", true), edit(doc, "after", 1));
    expect([...storage.data.keys()]).toEqual([`"v1"#"room-3"#"update"#${String(runRows + 1).padStart(9, "0")}#000`]);
    await log.append(edit(doc, "next", 2));
    expect(storage.data.size).toBe(2);
    const loaded = await new YPartyKitStorage(storage as unknown as Party.Storage).getYDoc("room-3");
    expect(loaded.getMap("m").toJSON()).toEqual(doc.getMap("m").toJSON());
  });
});
