import { describe, expect, it } from "vitest";
import { keyOf, parseRoomHash, roomLink, type RoomMembership } from "./room-link.ts";

const room: RoomMembership = { roomId: "AbCdEfGhIjKlMnOpQrStUv", role: "edit", editKey: "e".repeat(43), viewKey: "v".repeat(43) };

describe("share links", () => {
  it("round-trip: an edit link carries both keys, a view link only the view key", () => {
    const edit = roomLink("https://app.example/#/flow/x", room, "edit");
    const view = roomLink("https://app.example/", room, "view");
    expect(edit).toBe(`https://app.example/#/room/${room.roomId}?edit=${room.editKey}&view=${room.viewKey}`);
    expect(view).toBe(`https://app.example/#/room/${room.roomId}?view=${room.viewKey}`);
    expect(parseRoomHash(new URL(edit).hash)).toEqual({ ok: true, room });
    expect(parseRoomHash(new URL(view).hash)).toEqual({ ok: true, room: { roomId: room.roomId, role: "view", viewKey: room.viewKey } });
  });

  it("connects with the key of its role", () => {
    expect(keyOf(room)).toBe(room.editKey);
    expect(keyOf({ ...room, role: "view" })).toBe(room.viewKey);
  });

  it("ignores other routes and explains damaged links", () => {
    expect(parseRoomHash("#/flow/abc")).toBeUndefined();
    expect(parseRoomHash("#/room/short?view=" + "v".repeat(43))).toMatchObject({ ok: false, reason: expect.stringMatching(/room id/) });
    expect(parseRoomHash(`#/room/${room.roomId}?view=cut`)).toMatchObject({ ok: false, reason: expect.stringMatching(/key/) });
    expect(parseRoomHash(`#/room/${room.roomId}`)).toMatchObject({ ok: false });
    expect(parseRoomHash(`#/room/${room.roomId}?edit=${"e".repeat(43)}&view=bad key!`)).toMatchObject({ ok: false });
  });
});
