/**
 * A link cannot make the relay hold memory with unfinished `y-pk-batch` messages: a view
 * connection may not start one, the room's buffered bytes have a cap, a stalled batch is
 * dropped and a closed connection's batch freed. Memory is workerd's resident memory, with
 * honest edits flowing meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeCodes, roomLimits } from "@nexus-flow/shared/collab";
import { startPartykitDev, type PartykitDev } from "./support/partykit-dev.ts";
import { openRawSocket, type RawSocket } from "./support/room-client.ts";
import { watchedRoom } from "./support/room-fixture.ts";
import { workerdRssBytes } from "./support/workerd-memory.ts";

// Its own relay: the memory figures must be this suite's alone.
let relay: PartykitDev;
beforeAll(async () => {
  relay = await startPartykitDev();
});
afterAll(async () => {
  await relay?.dispose();
});

const MiB = 1024 * 1024;
const chunk = new Uint8Array(roomLimits.maxMessageBytes).fill(7);

/** Opens a batch of the largest size allowed and sends all but its last chunk and its end. */
async function unfinishedBatch(roomId: string, key: string, id: string): Promise<RawSocket> {
  const socket = openRawSocket(relay.url, roomId, key);
  await socket.opened;
  const count = roomLimits.maxBatchBytes / roomLimits.maxMessageBytes;
  socket.send(`y-pk-batch#${JSON.stringify({ id, type: "start", size: roomLimits.maxBatchBytes, count })}`);
  for (let i = 0; i < count - 1; i++) socket.send(chunk);
  await new Promise<void>((resolve) => socket.ws.send(new Uint8Array([3]), () => resolve())); // all of it written out
  return socket;
}

describe("unfinished chunk batches", () => {
  it("20 view connections trying to hold 9 MB batches are refused, add under 64 MiB, and honest edits flow", async () => {
    const watched = await watchedRoom(relay.url, relay.host);
    const sockets: RawSocket[] = [];
    try {
      await watched.fence();
      // A first wave grows workerd's heap to its working size (V8 keeps what it takes); the
      // measured wave then shows what the relay holds, not the allocator's first growth.
      const warmUp = [];
      for (let i = 0; i < 5; i++) warmUp.push(await unfinishedBatch(watched.room.roomId, watched.room.viewKey, `warm-${i}`));
      await Promise.all(warmUp.map((socket) => socket.closed));
      await watched.fence();
      const before = workerdRssBytes(relay);
      for (let i = 0; i < 20; i++) {
        sockets.push(await unfinishedBatch(watched.room.roomId, watched.room.viewKey, `view-${i}`));
        if (i % 5 === 4) await watched.fence(); // honest edits keep flowing meanwhile
      }
      const closes = await Promise.all(sockets.map((socket) => socket.closed));
      await watched.fence();
      const added = workerdRssBytes(relay) - before;
      console.info(`20 view connections sending 9 MB unfinished batches: workerd RSS +${(added / MiB).toFixed(1)} MiB`);
      expect(added).toBeLessThan(64 * MiB);
      expect(new Set(closes.map(({ code, reason }) => `${code} ${reason}`))).toEqual(new Set([`${closeCodes.malformed} a view link cannot send a chunked document message`]));
      await watched.assertStillWorks();
    } finally {
      for (const socket of sockets) socket.ws.terminate();
      watched.destroy();
    }
  }, 120_000);

  it("caps what edit connections buffer together, and frees a closed connection's batch", async () => {
    const watched = await watchedRoom(relay.url, relay.host);
    const sockets: RawSocket[] = [];
    try {
      for (let i = 0; i < 3; i++) sockets.push(await unfinishedBatch(watched.room.roomId, watched.room.editKey, `edit-${i}`));
      // 9 MB + 9 MB fit in the room's 20 MB; the third connection's third chunk does not.
      expect(await sockets[2]!.closed).toEqual({ code: closeCodes.tooBig, reason: expect.stringMatching(/exceed 20000000 bytes/) });
      expect(sockets.slice(0, 2).map((socket) => socket.ws.readyState)).toEqual([1, 1]);
      // The first leaves: its 9 MB are given back, so a new 9 MB batch fits again.
      sockets[0]!.ws.terminate();
      await sockets[0]!.closed;
      await watched.fence();
      sockets.push(await unfinishedBatch(watched.room.roomId, watched.room.editKey, "edit-3"));
      await watched.fence();
      expect(sockets[3]!.ws.readyState).toBe(1);
      await watched.assertStillWorks();
    } finally {
      for (const socket of sockets) socket.ws.terminate();
      watched.destroy();
    }
  }, 60_000);

  it("drops a stalled batch after 10 s with its connection, and gives its bytes back", async () => {
    const watched = await watchedRoom(relay.url, relay.host);
    const sockets: RawSocket[] = [];
    try {
      sockets.push(await unfinishedBatch(watched.room.roomId, watched.room.editKey, "stalls"));
      const started = Date.now();
      expect(await sockets[0]!.closed).toEqual({ code: closeCodes.malformed, reason: "chunk batch stalled: no chunk for 10 s" });
      expect(Date.now() - started).toBeGreaterThan(8_000);
      // Freed: two more 9 MB batches fit in the room's 20 MB.
      for (let i = 0; i < 2; i++) sockets.push(await unfinishedBatch(watched.room.roomId, watched.room.editKey, `after-${i}`));
      await watched.fence();
      expect(sockets.slice(1).map((socket) => socket.ws.readyState)).toEqual([1, 1]);
      await watched.assertStillWorks();
    } finally {
      for (const socket of sockets) socket.ws.terminate();
      watched.destroy();
    }
  }, 60_000);
});
