/**
 * Who may open a room. The relay keeps only the SHA-256 hashes of the room's edit and view
 * keys; a presented key is hashed and compared with both in constant time.
 */
import { closeCodes, isRoomId, isRoomKey, roomParty, type RoomRole } from "@nexus-flow/shared/collab";

export interface RoomAccess {
  readonly version: 1;
  /** Lowercase hex SHA-256 of the edit key. */
  readonly editKeyHash: string;
  readonly viewKeyHash: string;
  readonly createdAt: number;
}

export type Admission =
  | { readonly admitted: true; readonly role: RoomRole }
  | { readonly admitted: false; readonly code: number; readonly reason: string };

/**
 * @example
 * await hashKey("abc") // → "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 */
export async function hashKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Compares two strings in time that depends only on their lengths. */
export function constantTimeEqual(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    difference |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  }
  return difference === 0;
}

export async function createAccess(editKey: string, viewKey: string, now: number): Promise<RoomAccess> {
  return { version: 1, editKeyHash: await hashKey(editKey), viewKeyHash: await hashKey(viewKey), createdAt: now };
}

export function isRoomAccess(value: unknown): value is RoomAccess {
  if (typeof value !== "object" || value === null) return false;
  const access = value as Record<string, unknown>;
  return access.version === 1 && typeof access.editKeyHash === "string" && typeof access.viewKeyHash === "string";
}

/**
 * Decides a WebSocket join from the room id, its access record and the `key` parameter.
 * @example
 * await admit("Zx3…", access, url.searchParams.get("key")) // → { admitted: true, role: "view" }
 */
export async function admit(roomId: string, access: RoomAccess | null, key: string | null): Promise<Admission> {
  if (!isRoomId(roomId)) {
    return refuse(closeCodes.badRequest, "room id must be 16-64 characters of A-Z a-z 0-9 _ -");
  }
  if (!access) return refuse(closeCodes.unknownRoom, `unknown room: create it first (POST /parties/${roomParty}/<id>)`);
  if (!key) return refuse(closeCodes.wrongKey, "missing key: join with ?key=<edit or view key>");
  if (!isRoomKey(key)) return refuse(closeCodes.wrongKey, "wrong key for this room");
  const hash = await hashKey(key);
  // Both comparisons always run: the time taken does not tell which key matched.
  const isEdit = constantTimeEqual(hash, access.editKeyHash);
  const isView = constantTimeEqual(hash, access.viewKeyHash);
  if (isEdit) return { admitted: true, role: "edit" };
  if (isView) return { admitted: true, role: "view" };
  return refuse(closeCodes.wrongKey, "wrong key for this room");
}

function refuse(code: number, reason: string): Admission {
  return { admitted: false, code, reason };
}
