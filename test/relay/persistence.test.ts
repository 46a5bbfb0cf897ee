import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeCodes } from "@nexus-flow/shared/collab";
import { addEdge, addNode, converged, edgesOf, flowJson, nodesOf, setConfig } from "./support/flow-edits.ts";
import { startPartykitDev, type PartykitDev } from "./support/partykit-dev.ts";
import { persistedContains } from "./support/persisted.ts";
import { connectClient, createRoom, openRawSocket, postRoom, randomKey, type RoomClient } from "./support/room-client.ts";
import { waitFor } from "./support/wait-for.ts";

// Its own relay: this suite kills it.
let relay: PartykitDev;
beforeAll(async () => {
  relay = await startPartykitDev();
});
afterAll(async () => {
  await relay?.dispose();
});

describe("persistence across a relay crash", () => {
  it("keeps every edit and the room's keys through SIGKILL and a restart on the same state", async () => {
    const room = await createRoom(relay.url);
    const clients: RoomClient[] = [];
    const join = (key: string) => {
      const client = connectClient(relay.host, room.roomId, key);
      clients.push(client);
      return client;
    };
    try {
      // 1. Two editors edit, mid-session (both stay connected: y-partykit has not compacted).
      const [a, b] = [join(room.editKey), join(room.editKey)];
      await Promise.all([a.synced(), b.synced()]);
      const labels: string[] = [];
      for (let i = 0; i < 20; i++) {
        const label = `persisted-${i}-${randomUUID()}`;
        labels.push(label);
        const doc = i % 2 ? a.doc : b.doc;
        addNode(doc, `n${i}`, "noop", { x: i * 10, y: 0 });
        nodesOf(doc).get(`n${i}`)?.set("label", label);
        if (i > 0) addEdge(doc, `e${i}`, `n${i - 1}`, `n${i}`);
      }
      setConfig(a.doc, "n0", "url", "https://example.test");
      await waitFor("a and b to converge", () => converged([a.doc, b.doc]));
      const before = flowJson(a.doc);

      // 2. Once y-partykit has written the updates (it stores each as it arrives), crash it.
      await waitFor("every edit on disk", () => labels.every((label) => persistedContains(relay.persistDir, label)));
      await relay.kill();
      await relay.restart();

      // 3. A new client finds everything; the old ones reconnect on their own and agree.
      const fresh = join(room.viewKey);
      await fresh.synced(20_000);
      await waitFor("the fresh client to hold the flow", () => flowJson(fresh.doc) === before, { timeoutMs: 20_000 });
      expect(nodesOf(fresh.doc).size).toBe(20);
      expect(edgesOf(fresh.doc).size).toBe(19);
      await waitFor("a and b to reconnect", () => a.provider.synced && b.provider.synced, { timeoutMs: 20_000 });
      addNode(b.doc, "after-restart", "noop", { x: 0, y: 100 });
      await waitFor("all three to converge after the restart", () => converged([a.doc, b.doc, fresh.doc]) && nodesOf(fresh.doc).has("after-restart"));

      // 4. The room's access survived too: it cannot be created again, and keys still decide.
      expect((await postRoom(relay.url, room.roomId, { editKey: randomKey(), viewKey: randomKey() })).status).toBe(409);
      expect((await openRawSocket(relay.url, room.roomId, randomKey()).closed).code).toBe(closeCodes.wrongKey);
    } finally {
      for (const client of clients) client.destroy();
    }
  });

  it("reloads a room whose editors had all left (the relay compacts its log then) after a restart", async () => {
    const room = await createRoom(relay.url);
    const label = `compacted-${randomUUID()}`;
    const a = connectClient(relay.host, room.roomId, room.editKey);
    await a.synced();
    addNode(a.doc, "kept", "noop", { x: 1, y: 2 });
    nodesOf(a.doc).get("kept")?.set("label", label);
    const check = connectClient(relay.host, room.roomId, room.viewKey);
    await waitFor("the edit to reach the relay", () => nodesOf(check.doc).get("kept")?.get("label") === label);
    a.destroy();
    check.destroy();
    await waitFor("the edit on disk", () => persistedContains(relay.persistDir, label));
    await relay.stop();
    await relay.restart();
    const back = connectClient(relay.host, room.roomId, room.editKey);
    try {
      await back.synced(20_000);
      await waitFor("the edit after the restart", () => nodesOf(back.doc).get("kept")?.get("label") === label);
    } finally {
      back.destroy();
    }
  });
});
