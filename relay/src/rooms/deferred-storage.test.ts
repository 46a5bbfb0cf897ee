import { describe, expect, it } from "vitest";
import type * as Party from "partykit/server";
import { withDeferredStorage } from "./deferred-storage.ts";

function fakeRoom(log: string[]) {
  const storage = {
    prefix: "p",
    async list() {
      log.push(`list:${this.prefix}`);
      return new Map();
    },
    async put(key: string) {
      log.push(`put:${key}`);
    },
    async get(key: string) {
      log.push(`get:${key}`);
      return undefined;
    },
  };
  return { id: "room-id", storage } as unknown as Party.Room;
}

describe("withDeferredStorage", () => {
  it("starts list and put one macrotask later, after what the current turn sends", async () => {
    const log: string[] = [];
    const room = withDeferredStorage(fakeRoom(log));
    const listed = room.storage.list();
    const put = room.storage.put("k", 1);
    log.push("broadcast");
    await Promise.resolve();
    expect(log).toEqual(["broadcast"]);
    await Promise.all([listed, put]);
    expect(log).toEqual(["broadcast", "list:p", "put:k"]);
  });

  it("passes other calls and properties through, bound to the real storage, and keeps the room's id", async () => {
    const log: string[] = [];
    const room = withDeferredStorage(fakeRoom(log));
    void room.storage.get("x");
    expect(log).toEqual(["get:x"]);
    expect(room.id).toBe("room-id");
  });
});
