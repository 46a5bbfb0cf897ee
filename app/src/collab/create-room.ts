import { roomParty } from "@nexus-flow/shared/collab";
import { relayUrl } from "./relay-config.ts";
import { newRoomId, newRoomKey } from "./room-keys.ts";
import type { RoomMembership } from "./room-link.ts";

/** Registers a new room at the relay with fresh keys; the relay keeps only their hashes. */
export async function createRoom({ answerWithinMs = 20_000 } = {}): Promise<{ ok: true; room: RoomMembership } | { ok: false; message: string }> {
  const room = { roomId: newRoomId(), role: "edit" as const, editKey: newRoomKey(), viewKey: newRoomKey() };
  const url = `${relayUrl()}/parties/${roomParty}/${room.roomId}`;
  let response: Response;
  try {
    // A relay that accepts the connection and never answers would leave "Creating the room…" up for good.
    const signal = AbortSignal.timeout(answerWithinMs);
    response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ editKey: room.editKey, viewKey: room.viewKey }), signal });
  } catch (error) {
    if ((error as Error).name === "TimeoutError") return { ok: false, message: `The collaboration relay (${relayUrl()}) did not answer within ${answerWithinMs / 1000} s. Try again in a moment.` };
    return { ok: false, message: `Sharing needs the collaboration relay, and it cannot be reached (${relayUrl()}). Check your connection and try again.` };
  }
  if (response.status === 201) return { ok: true, room };
  const detail = await response.json().then((body: { error?: string }) => body.error, () => undefined);
  return { ok: false, message: `The relay refused to create the room (${response.status}${detail ? `: ${detail}` : ""}).` };
}
