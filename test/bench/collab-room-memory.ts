/**
 * Memory per room: workerd's resident memory as `rooms` rooms each get a 100-node flow and
 * one client, then after every client has left and the rooms sat idle for `idleMs`; and, to
 * read them by, what a bare PartyKit room (the floor server) with one connection costs.
 * Run alone: `node --import tsx test/bench/collab-room-memory.ts` prints the figures.
 *
 * How to read them: VmRSS of the workerd processes only (the clients' own buffers live in this
 * Node process and are not counted), sampled 2 s after the rooms settle, per room over 40
 * rooms after a warm-up room. RSS includes garbage not yet collected and pages V8 keeps after
 * collecting (workerd here offers no forced GC), and it includes the platform's own room
 * (`measureBareRoomMemory`), about 400 KiB, printed beside it. RSS never falls, so an idle
 * room's memory is read by reuse: after `idleMs` a second set of rooms opens, and what it adds
 * is what the idle ones still hold. (workerd evicts a room with no connection after about
 * 10 s; its document is in storage and loads with the next connection.)
 */
import WebSocket from "ws";
import { addEdge, addNode, nodesOf, setConfig } from "../relay/support/flow-edits.ts";
import { startPartykitDev, type PartykitDev } from "../relay/support/partykit-dev.ts";
import { connectClient, createRoom, type RoomClient } from "../relay/support/room-client.ts";
import { waitFor } from "../relay/support/wait-for.ts";
import { workerdRssBytes } from "../relay/support/workerd-memory.ts";

export interface RoomMemoryFigures {
  readonly rooms: number;
  /** KiB of workerd memory per room with a 100-node flow and one client connected. */
  readonly activeKiBPerRoom: number;
  /**
   * KiB per room still held `idleMs` after the last client left: what a second set of as
   * many rooms, opened then, could not take from the first (0 when all was given back).
   */
  readonly idleKiBPerRoom: number;
  /** Resident memory per room `idleMs` after the last client left (never falls: see above). */
  readonly idleRssKiBPerRoom: number;
  readonly idleMs: number;
}

export async function measureRoomMemory({ rooms = 40, idleMs = 30_000, relay: given }: { rooms?: number; idleMs?: number; relay?: PartykitDev } = {}): Promise<RoomMemoryFigures> {
  const relay = given ?? (await startPartykitDev());
  const clients: RoomClient[] = [];
  try {
    // Warm the isolate (code, first room) so the figure is the rooms' own.
    await (await oneFlowRoom(relay, clients, "warm-up"))();
    const settle = () => new Promise((resolve) => setTimeout(resolve, 2_000));
    await settle();
    const before = workerdRssBytes(relay);
    const checks: Array<() => Promise<void>> = [];
    for (let i = 0; i < rooms; i++) checks.push(await oneFlowRoom(relay, clients, `room-${i}`));
    await settle();
    const active = workerdRssBytes(relay);
    // Every room held its flow (checked now, so the checking connections are not counted).
    for (const check of checks.splice(0)) await check();
    for (const client of clients.splice(0)) client.destroy();
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    const idle = workerdRssBytes(relay);
    // Resident memory is not handed back to the system, but memory an idle room let go of is
    // reused: a second set of rooms grows it only by what the idle ones still hold.
    for (let i = 0; i < rooms; i++) checks.push(await oneFlowRoom(relay, clients, `second-${i}`));
    await settle();
    const second = workerdRssBytes(relay);
    for (const check of checks.splice(0)) await check();
    const perRoom = (bytes: number) => Math.max(0, bytes) / 1024 / rooms;
    return { rooms, activeKiBPerRoom: perRoom(active - before), idleKiBPerRoom: perRoom(second - idle), idleRssKiBPerRoom: perRoom(idle - before), idleMs };
  } finally {
    for (const client of clients) client.destroy();
    if (!given) await relay.dispose();
  }
}

/**
 * KiB of workerd memory per bare PartyKit room (`partykit dev` of the floor server) holding
 * one connection. `store`: the connection sends one small frame, which the room stores
 * (`?store=1`): the same room with its storage opened, as every room that keeps a document
 * has (workerd opens a SQLite database per Durable Object on its first storage call).
 */
export async function measureBareRoomMemory(floor: PartykitDev, rooms = 40, { store = false } = {}): Promise<number> {
  const query = store ? "?store=1" : "";
  const url = (name: string) => `${floor.url.replace(/^http/, "ws")}/parties/main/memory-${store ? "store-" : ""}${name}${query}`;
  const open = (name: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(url(name));
      socket.once("open", () => {
        if (store) socket.send(Buffer.from([0, 2, 3, 1, 2, 3]));
        resolve(socket);
      });
      socket.once("error", reject);
    });
  const sockets = [await open("warm-up")];
  try {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const before = workerdRssBytes(floor);
    for (let i = 0; i < rooms; i++) sockets.push(await open(String(i)));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    return (workerdRssBytes(floor) - before) / 1024 / rooms;
  } finally {
    for (const socket of sockets) socket.terminate();
  }
}

/**
 * A room holding a 100-node flow (99 edges, a config field each), with its editor connected.
 * Resolves once the flow has left the client; the returned check (a view connection that
 * waits for the flow) is run after the memory is sampled, so its connection is not counted.
 */
export async function oneFlowRoom(relay: PartykitDev, clients: RoomClient[], name: string): Promise<() => Promise<void>> {
  const room = await createRoom(relay.url);
  const client = connectClient(relay.host, room.roomId, room.editKey);
  clients.push(client);
  await client.synced();
  client.doc.transact(() => {
    for (let i = 0; i < 100; i++) {
      addNode(client.doc, `n${i}`, i % 3 ? "transform" : "http.request", { x: i * 40, y: (i % 10) * 80 });
      setConfig(client.doc, `n${i}`, "code", `return { ${name}: ${i} };`);
      if (i > 0) addEdge(client.doc, `e${i}`, `n${i - 1}`, `n${i}`);
    }
  });
  await waitFor(`${name} sent`, () => client.provider.ws?.bufferedAmount === 0);
  return async () => {
    const check = connectClient(relay.host, room.roomId, room.viewKey);
    try {
      await waitFor(`${name} stored`, () => nodesOf(check.doc).size === 100);
    } finally {
      check.destroy();
    }
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.setMaxListeners(128);
  console.log(JSON.stringify(await measureRoomMemory()));
}
