import type * as Y from "yjs";
import { connectRoom, type RoomConnection } from "./room-connection.ts";
import { createPresence, type Presence } from "./presence.ts";
import type { RoomMembership } from "./room-link.ts";

/** An open shared flow: its room connection and this person's presence in it. Loaded lazily. */
export interface CollabSession {
  readonly connection: RoomConnection;
  readonly presence: Presence;
  dispose(): void;
}

export function startCollab(doc: Y.Doc, room: RoomMembership): CollabSession {
  const connection = connectRoom(doc, room);
  const presence = createPresence(connection.awareness, room.role === "view");
  return {
    connection,
    presence,
    dispose() {
      presence.dispose();
      connection.dispose();
    },
  };
}
