/**
 * The Yjs sync and awareness protocol for one room's connections, as y-partykit's server
 * speaks it to y-partykit's provider, over an `EncodedDoc` instead of a Y.Doc (see there for
 * why). Frames reach it only through the message gate (`guard-connection.ts`), which has
 * already checked them, kept view links from writing and started storing each update; an
 * update is passed to the other connections as it came, and workerd's output gate holds it
 * until its write is durable.
 *
 * Differences from y-partykit's server: an update or presence change is not echoed to its
 * sender, and a sync step 2 is passed on only for what the room did not hold yet.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { EncodedDoc } from "./encoded-doc.ts";

/** What the room needs of a connection (a PartyKit connection has all of it). */
export interface SyncPeer {
  send(message: Uint8Array): void;
  close(): void;
}

const messageSync = 0;
const messageAwareness = 1;
const syncStep1 = 0;
const syncStep2 = 1;
const syncUpdate = 2;

export class RoomSync {
  /** Each connection and the awareness client ids it has set. */
  private readonly peers = new Map<SyncPeer, Set<number>>();
  private readonly awareness: awarenessProtocol.Awareness;

  constructor(private readonly doc: EncodedDoc) {
    // Awareness only needs a doc for its own client id; the relay has no presence of its own.
    this.awareness = new awarenessProtocol.Awareness(new Y.Doc({ gc: true }));
    this.awareness.setLocalState(null);
    this.awareness.on("update", this.awarenessChanged);
  }

  get size(): number {
    return this.peers.size;
  }

  /** Bytes of document held (for the memory figures). */
  get bytes(): number {
    return this.doc.bytes;
  }

  /** Starts the sync with a new connection: our state vector, then who is here. */
  join(peer: SyncPeer): void {
    this.peers.set(peer, new Set());
    this.send(peer, syncFrame(syncStep1, this.doc.stateVector()));
    const states = this.awareness.getStates();
    if (states.size > 0) this.send(peer, awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])));
  }

  /** A frame the gate let through from `from`. */
  receive(from: SyncPeer, frame: Uint8Array): void {
    if (!this.peers.has(from)) return;
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    if (type === messageAwareness) return awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), from);
    if (type !== messageSync) return; // query-awareness: y-partykit's server ignores it too
    const step = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    switch (step) {
      case syncStep1:
        return this.send(from, syncFrame(syncStep2, this.doc.missing(payload)));
      case syncStep2: {
        const news = this.doc.news(payload);
        if (!news) return;
        this.doc.add(news);
        return this.broadcast(syncFrame(syncUpdate, news), from);
      }
      case syncUpdate:
        // The frame is `[sync, update, payload]` already: passed on as it came. Copied, since
        // the payload is a view into the frame's buffer.
        this.doc.add(payload.slice());
        return this.broadcast(frame, from);
    }
  }

  /** A connection closed: its presence goes. */
  leave(peer: SyncPeer): void {
    const ids = this.peers.get(peer);
    if (!ids) return;
    this.peers.delete(peer);
    awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], null);
  }

  /** The room let go of this document: stops the awareness timer. */
  close(): void {
    this.awareness.destroy();
  }

  private readonly awarenessChanged = ({ added, updated, removed }: Record<"added" | "updated" | "removed", number[]>, origin: unknown) => {
    const ids = this.peers.get(origin as SyncPeer);
    if (ids) {
      for (const id of added) ids.add(id);
      for (const id of removed) ids.delete(id);
    }
    // Not back to its sender, which knows its own presence: every provider re-sends what it
    // receives, so an echo costs the room a frame in and a parse for nothing.
    const frame = awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...added, ...updated, ...removed]));
    for (const peer of this.peers.keys()) if (peer !== origin) this.send(peer, frame);
  };

  private broadcast(frame: Uint8Array, from: SyncPeer): void {
    for (const peer of this.peers.keys()) if (peer !== from) this.send(peer, frame);
  }

  /** A connection that cannot take a frame is gone: drop it, as y-partykit does. */
  private send(peer: SyncPeer, frame: Uint8Array): void {
    try {
      peer.send(frame);
    } catch {
      this.leave(peer);
      try {
        peer.close();
      } catch {
        // Already closed.
      }
    }
  }
}

function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

function awarenessFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
