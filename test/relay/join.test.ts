import { inject, describe, expect, it } from "vitest";
import { closeCodes } from "@nexus-flow/shared/collab";
import { connectClient, createRoom, newRoomKeys, nodesJson, openRawSocket, randomKey } from "./support/room-client.ts";
import { syncStep1Frame } from "../../relay/test-support/yjs-frames.ts";
import * as Y from "yjs";

const relayUrl = inject("relayUrl");
const relayHost = inject("relayHost");

describe("joining a room over WebSocket", () => {
  it("refuses an unknown room with unknownRoom and a readable reason", async () => {
    const socket = openRawSocket(relayUrl, newRoomKeys().roomId, randomKey());
    const closed = await socket.closed;
    expect(closed.code).toBe(closeCodes.unknownRoom);
    expect(closed.reason).toMatch(/^unknown room: create it first/);
  });

  it("refuses a missing key and a wrong key with wrongKey", async () => {
    const room = await createRoom(relayUrl);
    const missing = await openRawSocket(relayUrl, room.roomId, undefined).closed;
    expect(missing).toEqual({ code: closeCodes.wrongKey, reason: "missing key: join with ?key=<edit or view key>" });
    const wrong = await openRawSocket(relayUrl, room.roomId, randomKey()).closed;
    expect(wrong).toEqual({ code: closeCodes.wrongKey, reason: "wrong key for this room" });
    // One character off: still refused.
    const nearly = `${room.editKey.slice(0, -1)}${room.editKey.endsWith("A") ? "B" : "A"}`;
    expect((await openRawSocket(relayUrl, room.roomId, nearly).closed).code).toBe(closeCodes.wrongKey);
  });

  it("refuses a malformed room id with badRequest", async () => {
    const closed = await openRawSocket(relayUrl, "short", randomKey()).closed;
    expect(closed.code).toBe(closeCodes.badRequest);
    expect(closed.reason).toMatch(/room id must be/);
  });

  it("sends a refused connection nothing of the doc", async () => {
    const room = await createRoom(relayUrl);
    const editor = connectClient(relayHost, room.roomId, room.editKey);
    try {
      await editor.synced();
      editor.doc.getMap("nodes").set("secret", new Y.Map([["label", "top secret"]]));
      const intruder = openRawSocket(relayUrl, room.roomId, randomKey());
      intruder.ws.on("open", () => intruder.send(syncStep1Frame(new Y.Doc())));
      expect((await intruder.closed).code).toBe(closeCodes.wrongKey);
      expect(intruder.binaries).toEqual([]);
    } finally {
      editor.destroy();
    }
  });

  it("admits both keys: edit and view clients both sync the doc", async () => {
    const room = await createRoom(relayUrl);
    const editor = connectClient(relayHost, room.roomId, room.editKey);
    const viewer = connectClient(relayHost, room.roomId, room.viewKey);
    try {
      await Promise.all([editor.synced(), viewer.synced()]);
      editor.doc.getMap("nodes").set("a", new Y.Map([["label", "A"]]));
      await expect.poll(() => nodesJson(viewer.doc)).toEqual({ a: { label: "A" } });
    } finally {
      editor.destroy();
      viewer.destroy();
    }
  });
});
