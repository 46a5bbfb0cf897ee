/**
 * The least a PartyKit room can do: pass each frame to the room's other connections. The
 * collaboration bench measures it against the same in plain Node `ws`, to show the
 * platform's own share of the relay's latency (no Yjs, no checks, no storage), and against
 * the relay, which must also store each edit before its peers see it.
 *
 * With `?store=1` on its connections the room first starts a storage write of each frame, so
 * workerd's output gate holds the forwarded frame until the write is durable: the platform's
 * own price of "no peer sees an edit before it is stored", with nothing else on top.
 */
import type * as Party from "partykit/server";

export default class BroadcastRoom implements Party.Server {
  private writes = 0;

  constructor(readonly room: Party.Room) {}

  onMessage(message: string | ArrayBuffer, sender: Party.Connection): void {
    if (new URL(sender.uri).searchParams.get("store") === "1") void this.room.storage.put(`frame-${this.writes++}`, message);
    this.room.broadcast(message, [sender.id]);
  }
}
