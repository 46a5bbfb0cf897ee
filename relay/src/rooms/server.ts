/**
 * Collaboration rooms: one PartyKit room per flow, its Y.Doc synced by y-partykit and
 * persisted as it changes (`persist: snapshot` stores every update as it arrives, so a
 * relay restart loses nothing). Access by capability keys (`access.ts`), every frame checked
 * before y-partykit sees it (`message-gate.ts`), run broadcasts relayed, never stored.
 * The wire contract is `@nexus-flow/shared/collab`.
 */
import type * as Party from "partykit/server";
import { onConnect } from "y-partykit";
import type { RoomRole } from "@nexus-flow/shared/collab";
import { admit } from "./access.ts";
import { AccessStore } from "./access-store.ts";
import { handleRoomRequest } from "./create-room.ts";
import { withDeferredStorage } from "./deferred-storage.ts";
import { closeConnection, guardConnection } from "./guard-connection.ts";
import { PresenceRegistry } from "./presence-claims.ts";

export default class RoomServer implements Party.Server {
  private readonly access: AccessStore;
  /** The room as y-partykit sees it: storage calls yield to its broadcasts first. */
  private readonly docRoom: Party.Room;
  /** Connections admitted to the room and their role. */
  private readonly peers = new Map<Party.Connection, RoomRole>();
  /** Which connection speaks for which presence (awareness client id). */
  private readonly presence = new PresenceRegistry();

  constructor(readonly room: Party.Room) {
    this.access = new AccessStore(room.storage);
    this.docRoom = withDeferredStorage(room);
  }

  onRequest(request: Party.Request): Promise<Response> {
    return handleRoomRequest(request as unknown as Request, this.room.id, this.access);
  }

  async onConnect(connection: Party.Connection, context: Party.ConnectionContext): Promise<void> {
    // 1. Admit or refuse, before y-partykit loads or touches anything.
    const key = new URL(context.request.url).searchParams.get("key");
    const admission = await admit(this.room.id, await this.access.load(), key);
    if (!admission.admitted) return closeConnection(connection, admission.code, admission.reason);
    // 2. The gate's listener goes first, so it sees every frame before y-partykit's.
    this.peers.set(connection, admission.role);
    const presence = this.presence.forConnection(connection.id);
    const leave = () => (this.peers.delete(connection), presence.release());
    connection.addEventListener("close", leave);
    connection.addEventListener("error", leave);
    guardConnection(connection, { role: admission.role, relay: (text, from) => this.relay(text, from), presence });
    // 3. Hand over to y-partykit; a view connection is read-only there too.
    await onConnect(connection, this.docRoom, { persist: { mode: "snapshot" }, readOnly: admission.role === "view" });
  }

  private relay(text: string, from: Party.Connection): void {
    for (const peer of this.peers.keys()) {
      if (peer === from) continue;
      try {
        peer.send(text);
      } catch {
        this.peers.delete(peer);
      }
    }
  }
}
