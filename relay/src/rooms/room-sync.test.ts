import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { EncodedDoc } from "./encoded-doc.ts";
import { RoomSync, type SyncPeer } from "./room-sync.ts";

/**
 * A client as y-partykit's provider behaves, wired to a RoomSync in memory: frames go both
 * ways synchronously, so a test reads as a sequence of steps.
 */
class Client implements SyncPeer {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  synced = false;
  received = 0;
  private online = false;

  constructor(private readonly room: RoomSync) {
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== this && this.online) this.room.receive(this, frame(0, (e) => syncProtocol.writeUpdate(e, update)));
    });
  }

  connect(): void {
    this.online = true;
    this.room.join(this);
    this.room.receive(this, frame(0, (e) => syncProtocol.writeSyncStep1(e, this.doc)));
  }

  disconnect(): void {
    this.online = false;
    this.synced = false;
    this.room.leave(this);
  }

  send(message: Uint8Array): void {
    if (!this.online) return;
    this.received++;
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) === 1) return awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, 0);
    const type = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
    if (type === syncProtocol.messageYjsSyncStep2) this.synced = true;
    if (encoding.length(reply) > 1) this.room.receive(this, encoding.toUint8Array(reply));
  }

  close(): void {
    this.online = false;
  }
}

function frame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

const json = (doc: Y.Doc) => JSON.stringify(Object.entries(doc.getMap("nodes").toJSON()).sort(([a], [b]) => (a < b ? -1 : 1)));
const vector = (doc: Y.Doc) => Y.encodeStateVector(doc).join(",");

describe("a room's sync over its encoded document", () => {
  it("brings a new client the stored document and passes edits on to the others", () => {
    const stored = new Y.Doc();
    stored.getMap("nodes").set("n0", "stored");
    const room = new RoomSync(new EncodedDoc([Y.encodeStateAsUpdate(stored)]));
    const [alice, bob] = [new Client(room), new Client(room)];
    alice.connect();
    bob.connect();
    expect(alice.synced && bob.synced).toBe(true);
    alice.doc.getMap("nodes").set("n1", "alice");
    bob.doc.getMap("nodes").delete("n0");
    expect(json(alice.doc)).toBe('[["n1","alice"]]');
    expect(json(bob.doc)).toBe(json(alice.doc));
  });

  it("converges a client that edited while offline, and the others, after it reconnects", () => {
    const room = new RoomSync(new EncodedDoc());
    const clients = [new Client(room), new Client(room), new Client(room)];
    for (const client of clients) client.connect();
    clients[1]!.doc.getMap("nodes").set("n1", 1);
    clients[0]!.disconnect();
    clients[0]!.doc.getMap("nodes").set("offline", 0);
    clients[1]!.doc.getMap("nodes").delete("n1");
    clients[2]!.doc.getMap("nodes").set("n2", 2);
    clients[0]!.connect();
    // A newcomer loads it all from the room alone.
    const late = new Client(room);
    late.connect();
    for (const client of [...clients, late]) {
      expect(json(client.doc)).toBe('[["n2",2],["offline",0]]');
      expect(vector(client.doc)).toBe(vector(clients[0]!.doc));
    }
  });

  it("shares presence with newcomers and removes a client's presence when it leaves", () => {
    const room = new RoomSync(new EncodedDoc());
    const [alice, bob] = [new Client(room), new Client(room)];
    alice.connect();
    alice.awareness.setLocalState({ name: "Alice" });
    room.receive(alice, frame(1, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(alice.awareness, [alice.doc.clientID]))));
    bob.connect();
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toEqual({ name: "Alice" });
    alice.disconnect();
    expect(bob.awareness.getStates().has(alice.doc.clientID)).toBe(false);
    room.close();
  });

  it("does not echo an edit or a presence change to its sender", () => {
    const room = new RoomSync(new EncodedDoc());
    const [alice, bob] = [new Client(room), new Client(room)];
    alice.connect();
    bob.connect();
    const [aliceBefore, bobBefore] = [alice.received, bob.received];
    alice.doc.getMap("nodes").set("n1", 1);
    alice.awareness.setLocalState({ name: "Alice" });
    room.receive(alice, frame(1, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(alice.awareness, [alice.doc.clientID]))));
    expect(alice.received - aliceBefore).toBe(0);
    expect(bob.received - bobBefore).toBe(2);
    room.close();
  });
});
