import { afterEach, inject, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { closeCodes, roomLimits } from "@nexus-flow/shared/collab";
import { awarenessFrame, chunkedFrames, nodeUpdateFrame, rawAwarenessFrame, rawUpdateFrame } from "../../relay/test-support/yjs-frames.ts";
import { nodesOf } from "./support/flow-edits.ts";
import { openRawSocket, type RawSocket } from "./support/room-client.ts";
import { watchedRoom, type WatchedRoom } from "./support/room-fixture.ts";
import { waitFor } from "./support/wait-for.ts";

const relayUrl = inject("relayUrl");
const relayHost = inject("relayHost");
const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const done of cleanup.splice(0)) done();
});

async function setUp(): Promise<WatchedRoom> {
  const watched = await watchedRoom(relayUrl, relayHost);
  cleanup.push(() => watched.destroy());
  return watched;
}

async function attacker(watched: WatchedRoom, key = watched.room.editKey): Promise<RawSocket> {
  const socket = openRawSocket(relayUrl, watched.room.roomId, key);
  cleanup.push(() => socket.ws.terminate());
  await socket.opened;
  return socket;
}

describe("per-connection limits close only the offending connection", () => {
  it("closes a frame over maxMessageBytes with tooBig", async () => {
    const watched = await setUp();
    const socket = await attacker(watched);
    socket.send(new Uint8Array(roomLimits.maxMessageBytes + 1));
    expect(await socket.closed).toEqual({ code: closeCodes.tooBig, reason: `frame of ${roomLimits.maxMessageBytes + 1} bytes exceeds the ${roomLimits.maxMessageBytes}-byte limit` });
    await watched.assertStillWorks();
  });

  it("lets workerd close a frame over its own 1 MiB ceiling (1009), and the room lives on", async () => {
    const watched = await setUp();
    const socket = await attacker(watched);
    socket.send(new Uint8Array(2_000_000));
    const closed = await socket.closed;
    expect([1009, 1006]).toContain(closed.code);
    await watched.assertStillWorks();
  });

  it("closes a text frame over maxNoticeBytes with tooBig", async () => {
    const watched = await setUp();
    const socket = await attacker(watched);
    socket.send(JSON.stringify({ type: "run", runId: "r", by: "x".repeat(roomLimits.maxNoticeBytes), status: "running", nodes: {}, done: 0, total: 0 }));
    expect(await socket.closed).toEqual({ code: closeCodes.tooBig, reason: `text frame exceeds the ${roomLimits.maxNoticeBytes}-byte limit` });
    await watched.assertStillWorks();
  });

  it("closes a flooding connection with tooManyMessages after its burst, with a rate-limited notice", async () => {
    const watched = await setUp();
    const socket = await attacker(watched);
    const query = new Uint8Array([3]); // awareness query: valid, and y-partykit ignores it
    for (let i = 0; i < roomLimits.burstMessages * 3; i++) socket.send(query);
    expect(await socket.closed).toEqual({ code: closeCodes.tooManyMessages, reason: `more than ${roomLimits.messagesPerSecond} messages per second` });
    expect(socket.texts.map((text) => JSON.parse(text).code)).toEqual(["rate-limited"]);
    await watched.assertStillWorks();
  });

  it("lets a connection send at the sustained rate for longer than its burst lasts", async () => {
    const watched = await setUp();
    const socket = await attacker(watched, watched.room.viewKey);
    const query = new Uint8Array([3]);
    // 350 at once (within the burst), then 80 per second for 2 s: 510 messages in all, more
    // than the burst, never faster than the bucket refills.
    for (let i = 0; i < 350; i++) socket.send(query);
    for (let i = 0; i < 40; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50)); // pacing the sender, not waiting on a result
      for (let j = 0; j < 4; j++) socket.send(query);
    }
    await watched.fence();
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
  });
});

describe("malformed frames close with malformed, naming what was wrong", () => {
  const cases: Array<[string, string | Uint8Array, RegExp]> = [
    ["an unknown message type", new Uint8Array([9, 1, 2]), /^unknown message type 9$/],
    ["a truncated varint", new Uint8Array([0, 0x80]), /truncated or corrupt/],
    ["an unknown sync step", new Uint8Array([0, 7, 0]), /unknown sync message type 7/],
    ["an update that is not a Yjs update", rawUpdateFrame(new Uint8Array([1, 1, 5, 0, 31, 0, 0, 0])), /sync update is not a valid Yjs update/],
    ["an awareness state that is not JSON", rawAwarenessFrame("{oops"), /awareness state 0 is not JSON/],
    ["an awareness payload cut short", new Uint8Array([1, 3, 1, 57, 1]), /awareness update does not decode/],
    ["trailing bytes after an update", new Uint8Array([...nodeUpdateFrame("n", "x"), 0, 0]), /trailing bytes/],
    ["text that is not JSON", "hello relay", /text frame is not JSON/],
    ["a text notice from a client", JSON.stringify({ type: "notice", code: "read-only", message: "spoof" }), /type "notice" is not "run"/],
    ["a run broadcast of the wrong shape", JSON.stringify({ type: "run", runId: "r", status: "running" }), /run broadcast by must be a string/],
    ["a chunk marker that is not JSON", "y-pk-batch#{", /chunk marker is not JSON/],
  ];
  it.each(cases)("%s", async (_name, frame, reason) => {
    const watched = await setUp();
    const socket = await attacker(watched);
    socket.send(frame);
    const closed = await socket.closed;
    expect(closed.code).toBe(closeCodes.malformed);
    expect(closed.reason).toMatch(reason);
    await watched.assertStillWorks();
  });

  it("a chunk batch whose chunks do not add up", async () => {
    const watched = await setUp();
    const socket = await attacker(watched);
    const frames = chunkedFrames(nodeUpdateFrame("chunked", "x"), "bad", 16);
    frames.splice(1, 1);
    for (const frame of frames) socket.send(frame);
    const closed = await socket.closed;
    expect(closed.code).toBe(closeCodes.malformed);
    expect(closed.reason).toMatch(/chunk batch announced \d+ bytes in \d+ chunks, got/);
    await watched.assertStillWorks();
  });
});

describe("large legitimate messages", () => {
  it("syncs a 2.5 MB edit that y-partykit's client sends in chunks", async () => {
    const watched = await setUp();
    const blob = new Uint8Array(2_500_000).map((_, i) => (i * 7) & 0xff);
    const node = new Y.Map<unknown>();
    node.set("blob", blob);
    nodesOf(watched.a.doc).set("big", node);
    await waitFor("the big node on b", () => nodesOf(watched.b.doc).get("big")?.get("blob") instanceof Uint8Array, { timeoutMs: 20_000 });
    const received = nodesOf(watched.b.doc).get("big")?.get("blob") as Uint8Array;
    expect(received.length).toBe(blob.length);
    expect(received.every((byte, i) => byte === blob[i])).toBe(true);
    await watched.assertStillWorks();
  });

  it("passes hand-made chunks of a valid update, as y-partykit's client would send them", async () => {
    const watched = await setUp();
    const socket = await attacker(watched);
    for (const frame of chunkedFrames(nodeUpdateFrame("via-chunks", "chunked"), "ok", 10)) socket.send(frame);
    socket.send(awarenessFrame({ user: { name: "chunker" } }));
    await waitFor("the chunked edit on b", () => nodesOf(watched.b.doc).get("via-chunks")?.get("label") === "chunked");
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
  });
});
