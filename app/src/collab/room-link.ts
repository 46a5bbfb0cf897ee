import { isRoomId, isRoomKey, type RoomRole } from "@nexus-flow/shared/collab";

/**
 * What a browser keeps to rejoin a shared flow. An editor knows both keys (an edit link
 * carries the view key too, so editors can hand out view links); a viewer only the view key.
 */
export interface RoomMembership {
  readonly roomId: string;
  readonly role: RoomRole;
  readonly editKey?: string;
  readonly viewKey: string;
}

/** The key this member connects with. */
export const keyOf = (room: RoomMembership): string => (room.role === "edit" ? room.editKey! : room.viewKey);

/**
 * Share links: `<app>/#/room/<roomId>?edit=<key>&view=<key>` and `<app>/#/room/<roomId>?view=<key>`.
 * The keys sit in the fragment, which browsers never send to a server.
 */
export function roomLink(appUrl: string, room: RoomMembership, role: RoomRole): string {
  const query = role === "edit" ? `edit=${room.editKey}&view=${room.viewKey}` : `view=${room.viewKey}`;
  return `${appUrl.replace(/[#?].*$/, "").replace(/\/+$/, "")}/#/room/${room.roomId}?${query}`;
}

/** Reads a share link's fragment (`#/room/…`); an explanation when it is not a valid one. */
export function parseRoomHash(hash: string): { ok: true; room: RoomMembership } | { ok: false; reason: string } | undefined {
  const match = /^#\/room\/([^?]*)(?:\?(.*))?$/.exec(hash);
  if (!match) return undefined;
  const roomId = match[1]!;
  const query = new URLSearchParams(match[2] ?? "");
  const editKey = query.get("edit") ?? undefined;
  const viewKey = query.get("view") ?? undefined;
  if (!isRoomId(roomId)) return { ok: false, reason: "This share link is damaged: its room id is not valid. Ask for the link again." };
  if (!viewKey || !isRoomKey(viewKey) || (editKey !== undefined && !isRoomKey(editKey))) return { ok: false, reason: "This share link is damaged: its key is missing or cut short. Ask for the link again." };
  return { ok: true, room: { roomId, role: editKey ? "edit" : "view", viewKey, ...(editKey ? { editKey } : {}) } };
}
