/**
 * Presence after a reconnect, with raw sockets speaking y-partykit's protocol: a presence
 * (awareness client id) belongs to the connection that first sends a state for it, echoes of
 * it by other connections are left out, and its own client may take it back on a new socket.
 */
import { afterEach, describe, expect, inject, it } from "vitest";
import { presenceFrame } from "../../relay/test-support/yjs-frames.ts";
import { connectClient, createRoom, openRawSocket, type RawSocket, type RoomClient } from "./support/room-client.ts";
import { waitFor } from "./support/wait-for.ts";

const relayUrl = inject("relayUrl");
const relayHost = inject("relayHost");
const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const done of cleanup.splice(0)) done();
});

async function raw(roomId: string, key: string, clientKey: string): Promise<RawSocket> {
  const socket = openRawSocket(relayUrl, roomId, key, clientKey);
  cleanup.push(() => socket.ws.terminate());
  await socket.opened;
  return socket;
}

/** A provider watching the room's presence, noting every name it was ever shown for `clientId`. */
async function watch(roomId: string, key: string, clientId: number) {
  const watcher: RoomClient = connectClient(relayHost, roomId, key);
  cleanup.push(() => watcher.destroy());
  await watcher.synced();
  const shown: string[] = [];
  const nameOfAny = (id: number) => (watcher.provider.awareness.getStates().get(id)?.user as { name?: string } | undefined)?.name;
  const nameOf = () => nameOfAny(clientId);
  watcher.provider.awareness.on("change", () => {
    const name = nameOf() ?? "(gone)";
    if (shown.at(-1) !== name) shown.push(name);
  });
  return { nameOf, nameOfAny, shown };
}

const state = (clientId: number, clock: number, name: string) => ({ clientId, clock, state: { user: { name } } });

describe("presence after a reconnect", () => {
  it("an echo cannot take a presence whose socket dropped; its client takes it back at once and renames", async () => {
    const room = await createRoom(relayUrl);
    const bobId = 424_242;
    const watcher = await watch(room.roomId, room.viewKey, bobId);
    const bob = await raw(room.roomId, room.editKey, "bob-provider");
    const alice = await raw(room.roomId, room.editKey, "alice-provider");
    bob.send(presenceFrame([state(bobId, 1, "Bob")]));
    await waitFor("Bob at the watcher", () => watcher.nameOf() === "Bob");

    // 1. Bob's socket drops: the relay tells the room he left.
    bob.ws.terminate();
    await waitFor("Bob gone at the watcher", () => watcher.nameOf() === undefined);
    // 2. Alice's provider echoes the removal and (late) his last state; a view link tries the free id.
    alice.send(presenceFrame([{ clientId: bobId, clock: 1, state: null }]));
    alice.send(presenceFrame([state(bobId, 2, "Bob, as echoed by Alice")]));
    const viewer = await raw(room.roomId, room.viewKey, "viewer-provider");
    viewer.send(presenceFrame([state(bobId, 3, "Mallory")]));

    // 3. Bob comes back on a new socket of the same provider: seen within 2 s, and so is a rename.
    const back = await raw(room.roomId, room.editKey, "bob-provider");
    back.send(presenceFrame([state(bobId, 4, "Bob")]));
    await waitFor("Bob back at the watcher", () => watcher.nameOf() === "Bob", { timeoutMs: 2_000 });
    back.send(presenceFrame([state(bobId, 5, "Bob Builder")]));
    await waitFor("Bob's new name at the watcher", () => watcher.nameOf() === "Bob Builder", { timeoutMs: 2_000 });
    expect(watcher.shown).toEqual(["Bob", "(gone)", "Bob", "Bob Builder"]);
    expect([alice, viewer, back].map((socket) => socket.ws.readyState)).toEqual([1, 1, 1]); // left out, not closed
  });

  it("only the owner removes a presence; a frame mixing others' entries with its own keeps its own", async () => {
    const room = await createRoom(relayUrl);
    const [adaId, eveId] = [515_151, 616_161];
    const watcher = await watch(room.roomId, room.viewKey, adaId);
    const ada = await raw(room.roomId, room.editKey, "ada-provider");
    const eve = await raw(room.roomId, room.viewKey, "eve-provider");
    ada.send(presenceFrame([state(adaId, 1, "Ada")]));
    await waitFor("Ada at the watcher", () => watcher.nameOf() === "Ada");
    eve.send(presenceFrame([{ clientId: adaId, clock: 2, state: null }, state(eveId, 1, "Eve")]));
    await waitFor("Eve's own entry at the watcher", () => watcher.nameOfAny(eveId) === "Eve");
    expect(watcher.nameOf()).toBe("Ada");
    ada.send(presenceFrame([{ clientId: adaId, clock: 2, state: null }]));
    await waitFor("Ada's own removal at the watcher", () => watcher.nameOf() === undefined);
  });
});
