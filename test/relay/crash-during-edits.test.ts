/**
 * The output gate, end to end: no peer may see an edit before the relay has stored it. Five
 * editors edit quickly; `partykit dev` is killed with SIGKILL at a seeded random moment; the
 * old clients stay away while a fresh client joins the restarted relay. Every edit that any
 * peer had received before the crash must be there.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { startPartykitDev, type PartykitDev } from "./support/partykit-dev.ts";
import { connectClient, createRoom, type RoomClient } from "./support/room-client.ts";
import { waitFor } from "./support/wait-for.ts";

const seed = Number(process.env.NEXUS_CRASH_SEED ?? 20261207);
const kills = 4;
const editors = 5;
/** Per editor: ~80 edits/s, under the relay's 100 messages/s per connection; ~400/s in all. */
const editEveryMs = 12;

let relay: PartykitDev;
beforeAll(async () => {
  relay = await startPartykitDev();
});
afterAll(async () => {
  await relay?.dispose();
});

/** mulberry32: a small seeded generator, so a failing schedule can be run again. */
function random(seedValue: number): () => number {
  let a = seedValue >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const editsOf = (doc: Y.Doc) => doc.getMap<number>("edits");

/** An editor that sets a new key every few milliseconds and notes the keys it received from others. */
function editor(client: RoomClient, name: string, seen: Set<string>) {
  let next = 0;
  let timer: NodeJS.Timeout | undefined;
  editsOf(client.doc).observe((event) => {
    for (const key of event.keysChanged) if (!key.startsWith(`${name}:`)) seen.add(key);
  });
  return {
    start() {
      timer = setInterval(() => editsOf(client.doc).set(`${name}:${next++}`, next), editEveryMs);
    },
    stop: () => clearInterval(timer),
  };
}

describe("a relay crash during fast editing", () => {
  it(`loses no edit a peer had seen (seed ${seed}, ${kills} kills)`, async () => {
    const pick = random(seed);
    const room = await createRoom(relay.url);
    const clients = Array.from({ length: editors }, () => connectClient(relay.host, room.roomId, room.editKey));
    const seen = new Set<string>();
    const editing = clients.map((client, i) => editor(client, `e${i}`, seen));
    const report: string[] = [];
    try {
      for (let round = 0; round < kills; round++) {
        await Promise.all(clients.map((client) => client.synced(30_000)));
        // 1. Edit, and crash the relay at a random moment while the edits flow.
        for (const e of editing) e.start();
        const killAfterMs = 300 + Math.floor(pick() * 1_200);
        await new Promise((resolve) => setTimeout(resolve, killAfterMs));
        await relay.kill();
        for (const e of editing) e.stop();
        // 2. The old clients stay away (they would send their edits again on reconnect).
        for (const client of clients) client.provider.disconnect();
        const mustHave = [...seen];
        await relay.restart();
        // 3. A fresh client, served by the restarted relay from storage alone.
        const fresh = connectClient(relay.host, room.roomId, room.viewKey);
        try {
          await fresh.synced(30_000);
          const missing = mustHave.filter((key) => !editsOf(fresh.doc).has(key));
          report.push(`kill ${round + 1} after ${killAfterMs} ms: ${mustHave.length} edits seen by peers, ${missing.length} missing`);
          expect(missing, `seed ${seed}, ${report.join("; ")}`).toEqual([]);
        } finally {
          fresh.destroy();
        }
        // 4. The old clients come back and send what the relay never got; all agree again.
        for (const client of clients) client.provider.connect();
        await waitFor("the editors to agree after the restart", () => clients.every((client) => client.provider.synced && editsOf(client.doc).size === editsOf(clients[0]!.doc).size), { timeoutMs: 30_000 });
      }
      expect(seen.size).toBeGreaterThan(kills * 100); // the edits really flowed between peers
      console.info(`crash test, seed ${seed}: ${report.join("; ")}`);
    } finally {
      for (const e of editing) e.stop();
      for (const client of clients) client.destroy();
    }
  }, 240_000);
});
