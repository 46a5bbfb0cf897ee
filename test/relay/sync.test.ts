import { afterEach, inject, describe, expect, it } from "vitest";
import * as encoding from "lib0/encoding";
import { connectClient, createRoom, openRawSocket, type RoomClient } from "./support/room-client.ts";
import { addEdge, addNode, converged, edgesOf, flowJson, moveNode, nodesOf, setConfig } from "./support/flow-edits.ts";
import { waitFor } from "./support/wait-for.ts";

const relayUrl = inject("relayUrl");
const relayHost = inject("relayHost");
const clients: RoomClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

function join(roomId: string, key: string): RoomClient {
  const client = connectClient(relayHost, roomId, key);
  clients.push(client);
  return client;
}

describe("editing together", () => {
  it("takes back a client that drops its socket and reconnects at once, with what it edited meanwhile, within 2 s", async () => {
    const room = await createRoom(relayUrl);
    const [a, b] = [join(room.roomId, room.editKey), join(room.roomId, room.editKey)] as const;
    await Promise.all([a.synced(), b.synced()]);
    // The relay must answer the client's close frame: its socket only closes (and it
    // reconnects) once it has, else it waits out its own close timeout.
    a.provider.disconnect();
    addNode(a.doc, "offline", "noop", { x: 0, y: 0 });
    a.provider.connect();
    addNode(b.doc, "meanwhile", "noop", { x: 1, y: 0 });
    await waitFor("both edits on both sides", () => nodesOf(a.doc).has("meanwhile") && nodesOf(b.doc).has("offline"), { timeoutMs: 2_000 });
  });

  it("converges three editors' concurrent edits on the nodes and edges maps", async () => {
    const room = await createRoom(relayUrl);
    const [a, b, c] = [join(room.roomId, room.editKey), join(room.roomId, room.editKey), join(room.roomId, room.editKey)] as const;
    await Promise.all([a.synced(), b.synced(), c.synced()]);
    addNode(a.doc, "start", "trigger.manual", { x: 0, y: 0 });
    await waitFor("start on every client", () => nodesOf(b.doc).has("start") && nodesOf(c.doc).has("start"));

    // All at once, before any of it reaches the others.
    addNode(a.doc, "fetch", "http.request", { x: 200, y: 0 });
    addEdge(a.doc, "e1", "start", "fetch");
    moveNode(b.doc, "start", { x: 10, y: 20 });
    setConfig(b.doc, "start", "note", "from b");
    setConfig(c.doc, "start", "owner", "c");
    moveNode(c.doc, "start", { x: 30, y: 40 }); // the same field as b: one of them wins everywhere
    addNode(c.doc, "log", "noop", { x: 400, y: 0 });

    await waitFor("the replicas to converge", () => converged([a.doc, b.doc, c.doc]));
    const nodes = nodesOf(a.doc).toJSON() as Record<string, { position: unknown; config: Record<string, unknown> }>;
    expect(Object.keys(nodes).sort()).toEqual(["fetch", "log", "start"]);
    expect(nodes.start?.config).toEqual({ note: "from b", owner: "c" }); // two fields, two people: both kept
    expect([{ x: 10, y: 20 }, { x: 30, y: 40 }]).toContainEqual(nodes.start?.position);
    expect(edgesOf(a.doc).toJSON()).toEqual({ e1: { source: "start", target: "fetch" } });
  });

  it("gives a client joining later the whole doc", async () => {
    const room = await createRoom(relayUrl);
    const a = join(room.roomId, room.editKey);
    await a.synced();
    for (let i = 0; i < 50; i++) addNode(a.doc, `n${i}`, "noop", { x: i, y: i });
    const late = join(room.roomId, room.viewKey);
    await waitFor("the late client to hold all 50 nodes", () => nodesOf(late.doc).size === 50);
    await waitFor("the same content", () => flowJson(late.doc) === flowJson(a.doc));
  });

  it("shares presence: a peer's awareness state arrives, and leaves when the peer does", async () => {
    const room = await createRoom(relayUrl);
    const a = join(room.roomId, room.editKey);
    const b = join(room.roomId, room.viewKey);
    await Promise.all([a.synced(), b.synced()]);
    a.provider.awareness.setLocalStateField("user", { name: "Ada", color: "#f80" });
    b.provider.awareness.setLocalStateField("user", { name: "Vi", color: "#08f" });
    const names = (client: RoomClient) => [...client.provider.awareness.getStates().values()].map((state) => (state.user as { name: string } | undefined)?.name).sort();
    await waitFor("both names on both sides", () => names(a).join() === "Ada,Vi" && names(b).join() === "Ada,Vi");
    a.provider.disconnect();
    await waitFor("Ada to leave b's presence", () => names(b).join() === "Vi");
  });

  it("keeps presence honest: a connection cannot rewrite or remove someone else's", async () => {
    const room = await createRoom(relayUrl);
    const ada = join(room.roomId, room.editKey);
    const watcher = join(room.roomId, room.viewKey);
    await Promise.all([ada.synced(), watcher.synced()]);
    ada.provider.awareness.setLocalStateField("user", { name: "Ada", color: "#f80" });
    const adaSeen = () => watcher.provider.awareness.getStates().get(ada.doc.clientID)?.user as { name: string } | undefined;
    await waitFor("Ada's presence at the watcher", () => adaSeen()?.name === "Ada");

    // Eve speaks for Ada's client id: a new name (a higher clock wins), then a removal.
    const eve = openRawSocket(relayUrl, room.roomId, room.editKey);
    await eve.opened;
    const forAda = (clock: number, state: string) => {
      const payload = encoding.createEncoder();
      encoding.writeVarUint(payload, 1);
      encoding.writeVarUint(payload, ada.doc.clientID);
      encoding.writeVarUint(payload, clock);
      encoding.writeVarString(payload, state);
      const frame = encoding.createEncoder();
      encoding.writeVarUint(frame, 1); // awareness
      encoding.writeVarUint8Array(frame, encoding.toUint8Array(payload));
      return encoding.toUint8Array(frame);
    };
    eve.send(forAda(1000, JSON.stringify({ user: { name: "Eve pretending", color: "#000000" } })));
    eve.send(forAda(1001, "null"));
    // Her own presence still goes through: the relay is working and has read her frames.
    ada.provider.awareness.setLocalStateField("user", { name: "Ada again", color: "#f80" });
    await waitFor("Ada's own change at the watcher", () => adaSeen()?.name === "Ada again");
    expect(adaSeen()?.name).toBe("Ada again");
    expect(eve.ws.readyState).toBe(eve.ws.OPEN);
    eve.ws.terminate();
  });
});
