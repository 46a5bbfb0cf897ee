/**
 * The least a PartyKit room can do: pass each frame to the room's other connections. The
 * collaboration bench measures it against the same in plain Node `ws`, to show the
 * platform's own share of the relay's latency (no Yjs, no checks, no storage).
 */
import type * as Party from "partykit/server";

export default class BroadcastRoom implements Party.Server {
  constructor(readonly room: Party.Room) {}

  onMessage(message: string | ArrayBuffer, sender: Party.Connection): void {
    this.room.broadcast(message, [sender.id]);
  }
}
