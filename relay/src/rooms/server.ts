/**
 * Collaboration rooms: one PartyKit room per flow, its Y.Doc synced by y-partykit. Every
 * update is stored before any peer sees it (`update-log.ts`: the relay starts the write
 * before y-partykit applies and broadcasts the update, and workerd holds the broadcast until
 * the write is durable), so a relay crash loses no edit anyone has seen. Access by capability
 * keys (`access.ts`), every frame checked before y-partykit sees it (`message-gate.ts`,
 * which is also what keeps view links read-only), run broadcasts relayed, never stored.
 * The wire contract is `@nexus-flow/shared/collab`.
 */
import type * as Party from "partykit/server";
import { onConnect, type YPartyKitOptions } from "y-partykit";
import type { RoomRole } from "@nexus-flow/shared/collab";
import { admit } from "./access.ts";
import { AccessStore } from "./access-store.ts";
import { BatchBudget } from "./chunk-batch.ts";
import { handleRoomRequest } from "./create-room.ts";
import { closeConnection, guardConnection } from "./guard-connection.ts";
import { PresenceRegistry } from "./presence-claims.ts";
import { UpdateLog } from "./update-log.ts";
import { WriteAhead } from "./write-ahead.ts";
import { withReadOnlyStorage } from "./y-storage-view.ts";

/**
 * The same options for every connection: y-partykit keeps one document per room and
 * complains when a later connection passes different ones. Read-only is the gate's job.
 * "history" with its largest limits makes y-partykit's own compaction on close a mere read
 * (its writes are dropped anyway); the relay compacts the log itself.
 */
const docOptions: YPartyKitOptions = { persist: { mode: "history", maxBytes: 10_000_000, maxUpdates: Number.MAX_SAFE_INTEGER } };

/** Close code when the room could not store an edit: the client reconnects and sends it again. */
const storageFailedCode = 1011;

export default class RoomServer implements Party.Server {
  private readonly access: AccessStore;
  private readonly log: UpdateLog;
  private readonly writeAhead: WriteAhead;
  /** The room as y-partykit sees it: it reads the log, the relay writes it. */
  private readonly docRoom: Party.Room;
  /** Connections admitted to the room and their role. */
  private readonly peers = new Map<Party.Connection, RoomRole>();
  /** Which connection speaks for which presence (awareness client id). */
  private readonly presence = new PresenceRegistry();
  private readonly batches = new BatchBudget();

  constructor(readonly room: Party.Room) {
    this.access = new AccessStore(room.storage);
    this.log = new UpdateLog(room.storage, room.id, (error) => this.storageFailed(error));
    this.writeAhead = new WriteAhead(this.log);
    this.docRoom = withReadOnlyStorage(room);
  }

  async onStart(): Promise<void> {
    await this.log.open();
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
    const leave = () => {
      if (!this.peers.delete(connection)) return;
      presence.release();
      if (this.peers.size === 0) this.log.compact().catch((error: unknown) => console.error(`Room ${this.room.id}: compacting its stored edits failed; they stay as they were.`, error));
    };
    connection.addEventListener("close", leave);
    connection.addEventListener("error", leave);
    const store = (update: Uint8Array, handOn: () => void) => this.writeAhead.submit(update, handOn);
    guardConnection(connection, { role: admission.role, relay: (text, from) => this.relay(text, from), presence, budget: this.batches, store });
    // 3. Hand over to y-partykit.
    await onConnect(connection, this.docRoom, docOptions);
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

  /**
   * An edit could not be stored: the room must not go on as if it had been. Every client is
   * disconnected; each reconnects, and sync sends the relay what it lacks, to be stored again.
   */
  private storageFailed(error: unknown): void {
    console.error(`Room ${this.room.id}: storing an edit failed; disconnecting its clients so they send it again.`, error);
    for (const peer of this.peers.keys()) closeConnection(peer, storageFailedCode, "the relay could not store a change: reconnecting");
  }
}
