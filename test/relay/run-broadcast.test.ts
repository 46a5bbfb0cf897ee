import { randomUUID } from "node:crypto";
import { afterEach, inject, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { RunBroadcast } from "@nexus-flow/shared/collab";
import { persistedContains } from "./support/persisted.ts";
import { connectClient, createRoom, openRawSocket, type RawSocket } from "./support/room-client.ts";
import { addNode } from "./support/flow-edits.ts";
import { waitFor } from "./support/wait-for.ts";

const relayUrl = inject("relayUrl");
const relayHost = inject("relayHost");
const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const done of cleanup.splice(0)) done();
});

async function socket(roomId: string, key: string): Promise<RawSocket> {
  const raw = openRawSocket(relayUrl, roomId, key);
  cleanup.push(() => raw.ws.terminate());
  await raw.opened;
  return raw;
}

function runOf(runId: string, status: RunBroadcast["status"] = "running"): RunBroadcast {
  return { type: "run", runId, by: "Ada", status, nodes: { start: "succeeded", fetch: "running" }, done: 1, total: 2 };
}

const runsIn = (raw: RawSocket) => raw.texts.map((text) => JSON.parse(text) as { type: string; runId?: string }).filter((m) => m.type === "run");

describe("run broadcasts", () => {
  it("relays an editor's run status to every other connection, editors and viewers, and stores none of it", async () => {
    const room = await createRoom(relayUrl);
    const [sender, editor, viewer] = await Promise.all([socket(room.roomId, room.editKey), socket(room.roomId, room.editKey), socket(room.roomId, room.viewKey)]);
    const run = runOf(`run-${randomUUID()}`);
    sender.send(JSON.stringify(run));
    await waitFor("the run on both peers", () => runsIn(editor).length === 1 && runsIn(viewer).length === 1);
    expect(runsIn(editor)).toEqual([run]);
    expect(runsIn(viewer)).toEqual([run]);
    expect(runsIn(sender)).toEqual([]);

    // Not in the doc: a fresh client finds the room empty, and the disk never saw the run id.
    const fresh = connectClient(relayHost, room.roomId, room.editKey);
    cleanup.push(() => fresh.destroy());
    await fresh.synced();
    expect(Y.encodeStateVector(fresh.doc)).toEqual(new Uint8Array([0]));
    const fenceLabel = `fence-${randomUUID()}`;
    addNode(fresh.doc, "fence", "noop", { x: 0, y: 0 });
    fresh.doc.getMap<Y.Map<unknown>>("nodes").get("fence")?.set("label", fenceLabel);
    const persistDir = inject("relayPersistDir");
    await waitFor("the fence on disk", () => persistedContains(persistDir, fenceLabel));
    expect(persistedContains(persistDir, run.runId)).toBe(false);
  });

  it("drops a viewer's run status with a read-only notice", async () => {
    const room = await createRoom(relayUrl);
    const [editor, peer, viewer] = await Promise.all([socket(room.roomId, room.editKey), socket(room.roomId, room.editKey), socket(room.roomId, room.viewKey)]);
    viewer.send(JSON.stringify(runOf("from-viewer")));
    await waitFor("the notice", () => viewer.texts.some((text) => JSON.parse(text).code === "read-only"));
    // A later broadcast from an editor arrives alone: the viewer's never went out.
    editor.send(JSON.stringify(runOf("from-editor", "succeeded")));
    await waitFor("the editor's run", () => runsIn(peer).length === 1);
    expect(runsIn(peer).map((r) => r.runId)).toEqual(["from-editor"]);
    expect(runsIn(viewer).map((r) => r.runId)).toEqual(["from-editor"]);
  });

  it("reaches a Yjs client's socket without disturbing its provider", async () => {
    const room = await createRoom(relayUrl);
    const client = connectClient(relayHost, room.roomId, room.editKey);
    cleanup.push(() => client.destroy());
    await client.synced();
    const texts: string[] = [];
    (client.provider.ws as unknown as import("ws").WebSocket).on("message", (data: Buffer, isBinary: boolean) => !isBinary && texts.push(data.toString()));
    const sender = await socket(room.roomId, room.editKey);
    sender.send(JSON.stringify(runOf("r-provider")));
    await waitFor("the run at the provider's socket", () => texts.length === 1);
    addNode(client.doc, "after", "noop", { x: 0, y: 0 });
    const check = connectClient(relayHost, room.roomId, room.viewKey);
    cleanup.push(() => check.destroy());
    await waitFor("the provider still syncing", () => check.doc.getMap("nodes").has("after"));
    expect(client.provider.wsconnected).toBe(true);
  });
});
