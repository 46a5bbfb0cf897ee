/**
 * A room with two connected editors watching it, for suites that attack the room from a
 * third connection and then check that the room and its editors are unharmed.
 */
import { randomUUID } from "node:crypto";
import { connectClient, createRoom, type RoomClient, type RoomKeys } from "./room-client.ts";
import { addNode, nodesOf } from "./flow-edits.ts";
import { waitFor } from "./wait-for.ts";

export interface WatchedRoom {
  readonly room: RoomKeys;
  readonly a: RoomClient;
  readonly b: RoomClient;
  /** An edit by a reaches b, and neither editor's connection ever closed. */
  assertStillWorks(): Promise<void>;
  /** Adds a node on a and waits until b has it: everything sent before it has been handled. */
  fence(label?: string): Promise<string>;
  destroy(): void;
}

export async function watchedRoom(relayUrl: string, relayHost: string): Promise<WatchedRoom> {
  const room = await createRoom(relayUrl);
  const a = connectClient(relayHost, room.roomId, room.editKey);
  const b = connectClient(relayHost, room.roomId, room.editKey);
  let closes = 0;
  for (const client of [a, b]) client.provider.on("connection-close", () => closes++);
  await Promise.all([a.synced(), b.synced()]);
  const fence = async (label = `fence-${randomUUID()}`) => {
    const id = `fence-${randomUUID()}`;
    addNode(a.doc, id, "noop", { x: 0, y: 0 });
    nodesOf(a.doc).get(id)?.set("label", label);
    await waitFor(`${id} to reach b`, () => nodesOf(b.doc).get(id)?.get("label") === label);
    return id;
  };
  return {
    room,
    a,
    b,
    fence,
    async assertStillWorks() {
      await fence();
      if (closes > 0) throw new Error(`an editor's connection closed ${closes} time(s)`);
    },
    destroy() {
      a.destroy();
      b.destroy();
    },
  };
}
