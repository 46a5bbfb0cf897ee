/**
 * Memory per room: workerd's resident memory as `rooms` rooms each get a 100-node flow and
 * one client, then after every client has left and the rooms sat idle for `idleMs`; and, to
 * read them by, what a bare PartyKit room (the floor server) with one connection costs.
 * Run alone: `node --import tsx test/bench/collab-room-memory.ts` prints the figures.
 *
 * How to read them: VmRSS of the workerd processes only (the clients' own buffers live in this
 * Node process and are not counted), sampled 2 s after the rooms settle, per room over 40
 * rooms after a warm-up room. RSS includes garbage not yet collected and pages V8 keeps after
 * collecting (workerd here offers no forced GC), so the idle figure cannot fall below the
 * active one even though an idle room lets go of its document; and it includes the
 * platform's own room (`measureBareRoomMemory`), about 400 KiB, printed beside it.
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
  /** KiB per room still held `idleMs` after the last client left (0 when all was given back). */
  readonly idleKiBPerRoom: number;
  readonly idleMs: number;
}

export async function measureRoomMemory({ rooms = 40, idleMs = 30_000, relay: given }: { rooms?: number; idleMs?: number; relay?: PartykitDev } = {}): Promise<RoomMemoryFigures> {
  const relay = given ?? (await startPartykitDev());
  const clients: RoomClient[] = [];
  try {
    // Warm the isolate (code, first room) so the figure is the rooms' own.
    await oneFlowRoom(relay, clients, "warm-up");
    const settle = () => new Promise((resolve) => setTimeout(resolve, 2_000));
    await settle();
    const before = workerdRssBytes(relay);
    for (let i = 0; i < rooms; i++) await oneFlowRoom(relay, clients, `room-${i}`);
    await settle();
    const active = workerdRssBytes(relay);
    for (const client of clients.splice(0)) client.destroy();
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    const idle = workerdRssBytes(relay);
    return { rooms, activeKiBPerRoom: (active - before) / 1024 / rooms, idleKiBPerRoom: Math.max(0, idle - before) / 1024 / rooms, idleMs };
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

/** A room holding a 100-node flow (99 edges, a config field each), with its editor connected. */
export async function oneFlowRoom(relay: PartykitDev, clients: RoomClient[], name: string): Promise<void> {
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
  const check = connectClient(relay.host, room.roomId, room.viewKey);
  try {
    await waitFor(`${name} stored`, () => nodesOf(check.doc).size === 100);
  } finally {
    check.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.setMaxListeners(128);
  console.log(JSON.stringify(await measureRoomMemory()));
}
