import { createHash } from "node:crypto";
import { inject, describe, expect, it } from "vitest";
import { closeCodes } from "@nexus-flow/shared/collab";
import { persistedContains } from "./support/persisted.ts";
import { createRoom, newRoomKeys, openRawSocket, postRoom, randomKey } from "./support/room-client.ts";
import { waitFor } from "./support/wait-for.ts";

const relayUrl = inject("relayUrl");

describe("creating a room over HTTP", () => {
  it("answers 201 { roomId }, then 409 for the same room, even with other keys", async () => {
    const keys = newRoomKeys();
    const created = await postRoom(relayUrl, keys.roomId, { editKey: keys.editKey, viewKey: keys.viewKey });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ roomId: keys.roomId });
    const again = await postRoom(relayUrl, keys.roomId, { editKey: randomKey(), viewKey: randomKey() });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: "room already exists" });
  });

  it("lets exactly one of several simultaneous creations win", async () => {
    const { roomId } = newRoomKeys();
    const attempts = await Promise.all(Array.from({ length: 6 }, () => postRoom(relayUrl, roomId, { editKey: randomKey(), viewKey: randomKey() })));
    expect(attempts.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });

  it("keeps the keys of the first creation: an attacker's later attempt does not re-register them", async () => {
    const room = await createRoom(relayUrl);
    const attackerKey = randomKey();
    expect((await postRoom(relayUrl, room.roomId, { editKey: attackerKey, viewKey: randomKey() })).status).toBe(409);
    const socket = openRawSocket(relayUrl, room.roomId, attackerKey);
    expect(await socket.closed).toEqual({ code: closeCodes.wrongKey, reason: "wrong key for this room" });
  });

  const bad: Array<[string, string | undefined, unknown, RegExp]> = [
    ["a body that is not JSON", undefined, "{nope", /body must be JSON/],
    ["a missing viewKey", undefined, { editKey: randomKey() }, /viewKey must be a base64url string/],
    ["a key that is too short", undefined, { editKey: "abc", viewKey: randomKey() }, /editKey must be a base64url string of 22-128 characters/],
    ["a key with characters outside base64url", undefined, { editKey: `${randomKey()}!`, viewKey: randomKey() }, /editKey must be/],
    ["equal keys", undefined, "same", /editKey and viewKey must differ/],
    ["a room id that is too short", "short", { editKey: randomKey(), viewKey: randomKey() }, /room id must be 16-64 characters/],
    ["a room id with a dot", "abc.defghijklmnopqrs", { editKey: randomKey(), viewKey: randomKey() }, /room id must be/],
  ];
  it.each(bad)("answers 400 with a message for %s", async (_name, roomId, body, error) => {
    const same = randomKey();
    const payload = body === "same" ? { editKey: same, viewKey: same } : body;
    const response = await postRoom(relayUrl, roomId ?? newRoomKeys().roomId, payload);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: expect.stringMatching(error) });
  });

  it("does not create the room when the request was refused", async () => {
    const { roomId } = newRoomKeys();
    expect((await postRoom(relayUrl, roomId, { editKey: "x", viewKey: randomKey() })).status).toBe(400);
    const socket = openRawSocket(relayUrl, roomId, randomKey());
    expect((await socket.closed).code).toBe(closeCodes.unknownRoom);
  });

  it("answers 405 to other methods", async () => {
    const room = await createRoom(relayUrl);
    for (const method of ["GET", "PUT", "DELETE"]) {
      const response = await postRoom(relayUrl, room.roomId, {}, method);
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("POST, OPTIONS");
    }
  });

  it("answers the CORS preflight and marks every answer readable from any origin", async () => {
    const { roomId } = newRoomKeys();
    const preflight = await fetch(`${relayUrl}/parties/main/${roomId}`, {
      method: "OPTIONS",
      headers: { Origin: "http://127.0.0.1:5173", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
    for (const status of [201, 409, 400]) {
      const body = status === 400 ? {} : { editKey: "a".repeat(22), viewKey: "b".repeat(22) };
      const response = await postRoom(relayUrl, roomId, body);
      expect(response.status).toBe(status);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
    }
  });

  it("stores the keys' SHA-256 hashes and never the keys themselves", async () => {
    const persistDir = inject("relayPersistDir");
    const room = await createRoom(relayUrl);
    const sha256 = (key: string) => createHash("sha256").update(key).digest("hex");
    // The hashes reaching the disk shows the search looks at the right files.
    await waitFor("the access record on disk", () => persistedContains(persistDir, sha256(room.editKey)) && persistedContains(persistDir, sha256(room.viewKey)));
    expect(persistedContains(persistDir, room.editKey)).toBe(false);
    expect(persistedContains(persistDir, room.viewKey)).toBe(false);
  });
});
