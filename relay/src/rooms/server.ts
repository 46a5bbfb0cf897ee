/**
 * Collaboration rooms: one PartyKit room per flow, its Yjs document synced with y-partykit's
 * provider (`room-sync.ts` speaks its protocol over the encoded document, `encoded-doc.ts`).
 * Every update is stored before any peer sees it (`update-log.ts`: the relay starts the write
 * before it passes the update on, and workerd holds the message until the write is durable),
 * so a relay crash loses no edit anyone has seen. Access by capability keys (`access.ts`),
 * every frame checked before the document sees it (`message-gate.ts`, which is also what
 * keeps view links read-only), run broadcasts relayed, never stored.
 * The wire contract is `@nexus-flow/shared/collab`.
 */
import type * as Party from "partykit/server";
import type { RoomRole } from "@nexus-flow/shared/collab";
import { admit } from "./access.ts";
import { AccessStore } from "./access-store.ts";
import { BatchBudget } from "./chunk-batch.ts";
import { handleRoomRequest } from "./create-room.ts";
import { EncodedDoc } from "./encoded-doc.ts";
import { closeConnection, guardConnection } from "./guard-connection.ts";
import { PresenceRegistry } from "./presence-claims.ts";
import { RoomSync } from "./room-sync.ts";
import { UpdateLog } from "./update-log.ts";
import { WriteAhead } from "./write-ahead.ts";

/** Close code when the room could not store an edit: the client reconnects and sends it again. */
const storageFailedCode = 1011;

export default class RoomServer implements Party.Server {
  private readonly access: AccessStore;
  private readonly log: UpdateLog;
  private readonly writeAhead: WriteAhead;
  /**
   * The document and its connections while anyone is connected; loaded from the log by the
   * first connection, let go by the last (it is all in storage), so an idle room holds no document.
   */
  private sync: Promise<RoomSync> | undefined;
  /** Connections admitted to the room and their role. */
  private readonly peers = new Map<Party.Connection, RoomRole>();
  /** Which connection speaks for which presence (awareness client id). */
  private readonly presence = new PresenceRegistry();
  private readonly batches = new BatchBudget();

  constructor(readonly room: Party.Room) {
    this.access = new AccessStore(room.storage);
    this.log = new UpdateLog(room.storage, room.id, (error) => this.storageFailed(error));
    this.writeAhead = new WriteAhead(this.log);
  }

  async onStart(): Promise<void> {
    await this.log.open();
  }

  onRequest(request: Party.Request): Promise<Response> {
    return handleRoomRequest(request as unknown as Request, this.room.id, this.access);
  }

  async onConnect(connection: Party.Connection, context: Party.ConnectionContext): Promise<void> {
    // 1. Admit or refuse, before the document loads or sees anything.
    const key = new URL(context.request.url).searchParams.get("key");
    const admission = await admit(this.room.id, await this.access.load(), key);
    if (!admission.admitted) return closeConnection(connection, admission.code, admission.reason);
    // 2. The gate's listener goes first, so it sees every frame before the document's.
    this.peers.set(connection, admission.role);
    const presence = this.presence.forConnection(connection.id);
    const leave = () => this.leave(connection, presence);
    connection.addEventListener("close", leave);
    connection.addEventListener("error", leave);
    const store = (update: Uint8Array, handOn: () => void) => this.writeAhead.submit(update, handOn);
    guardConnection(connection, { role: admission.role, relay: (text, from) => this.relay(text, from), presence, budget: this.batches, store });
    // 3. Join the document.
    await this.joinDocument(connection);
  }

  /**
   * The document's listener goes on at once, so no frame the gate passed is missed while the
   * document loads: frames wait for it, in order.
   */
  private async joinDocument(connection: Party.Connection): Promise<void> {
    const sync = (this.sync ??= this.openDocument());
    const whenLoaded = (then: (room: RoomSync) => void) => void sync.then(then, () => {});
    const peer = { send: (frame: Uint8Array) => connection.send(frame), close: () => connection.close() };
    let room: RoomSync | undefined;
    connection.addEventListener("message", (event) => {
      if (typeof event.data === "string") return; // text frames never pass the gate
      const frame = new Uint8Array(event.data as ArrayBuffer);
      if (room) room.receive(peer, frame);
      else whenLoaded((loaded) => loaded.receive(peer, frame));
    });
    connection.addEventListener("close", () => {
      whenLoaded((loaded) => loaded.leave(peer));
      // workerd does not answer a client's close frame by itself: without this, the client
      // waits out its own close timeout (30 s for `ws`) before it can reconnect.
      closeQuietly(connection);
    });
    connection.addEventListener("error", () => whenLoaded((loaded) => loaded.leave(peer)));
    try {
      room = await sync;
    } catch (error) {
      if (this.sync === sync) this.sync = undefined;
      console.error(`Room ${this.room.id}: loading its stored edits failed; the client will reconnect and try again.`, error);
      return closeConnection(connection, storageFailedCode, "the relay could not load this flow: reconnecting");
    }
    if (this.peers.has(connection)) room.join(peer);
  }

  private leave(connection: Party.Connection, presence: { release(): void }): void {
    if (!this.peers.delete(connection)) return;
    presence.release();
    if (this.peers.size > 0) return;
    // The last one out: let go of the document (a connection still being admitted is in
    // `peers` already, so none can be joining it) and compact what it stored.
    const document = this.sync;
    this.sync = undefined;
    void document?.then((sync) => sync.close(), () => {});
    this.log.compact().catch((error: unknown) => console.error(`Room ${this.room.id}: compacting its stored edits failed; they stay as they were.`, error));
  }

  private async openDocument(): Promise<RoomSync> {
    return new RoomSync(new EncodedDoc(await this.log.load()));
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

function closeQuietly(connection: Party.Connection): void {
  try {
    connection.close();
  } catch {
    // Already closed.
  }
}
