import { randomUUID } from "node:crypto";
import { afterEach, inject, describe, expect, it } from "vitest";
import * as Y from "yjs";
import WebSocket from "ws";
import type { RelayNotice } from "@nexus-flow/shared/collab";
import { nodeUpdateFrame, syncStep2Frame } from "../../relay/test-support/yjs-frames.ts";
import { addNode, nodesOf } from "./support/flow-edits.ts";
import { persistedContains } from "./support/persisted.ts";
import { connectClient, openRawSocket, type RawSocket, type RoomClient } from "./support/room-client.ts";
import { watchedRoom, type WatchedRoom } from "./support/room-fixture.ts";
import { waitFor } from "./support/wait-for.ts";

const relayUrl = inject("relayUrl");
const relayHost = inject("relayHost");
const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const done of cleanup.splice(0)) done();
});

async function setUp(): Promise<WatchedRoom> {
  const watched = await watchedRoom(relayUrl, relayHost);
  cleanup.push(() => watched.destroy());
  return watched;
}

async function viewSocket(watched: WatchedRoom): Promise<RawSocket> {
  const socket = openRawSocket(relayUrl, watched.room.roomId, watched.room.viewKey);
  cleanup.push(() => socket.ws.terminate());
  await socket.opened;
  return socket;
}

const notices = (socket: RawSocket) => socket.texts.map((text) => JSON.parse(text) as RelayNotice).filter((n) => n.type === "notice");

describe("a view connection cannot edit", () => {
  it("drops a viewer's update: a notice for the viewer, nothing for peers, the doc or the disk", async () => {
    const watched = await setUp();
    const viewer = await viewSocket(watched);
    const marker = `viewer-write-${randomUUID()}`;
    viewer.send(nodeUpdateFrame("from-viewer", marker));

    const [notice] = await waitFor("the read-only notice", () => (notices(viewer).length > 0 ? notices(viewer) : undefined));
    expect(notice).toEqual({ type: "notice", code: "read-only", message: expect.stringMatching(/only view/) });
    const fenceLabel = `fence-${randomUUID()}`;
    await watched.fence(fenceLabel);
    expect(nodesOf(watched.b.doc).has("from-viewer")).toBe(false);
    expect(nodesOf(watched.a.doc).has("from-viewer")).toBe(false);

    const fresh = connectClient(relayHost, watched.room.roomId, watched.room.editKey);
    cleanup.push(() => fresh.destroy());
    await fresh.synced();
    await waitFor("the fence on the fresh client", () => [...nodesOf(fresh.doc).values()].some((node) => node.get("label") === fenceLabel));
    expect(nodesOf(fresh.doc).has("from-viewer")).toBe(false);

    const persistDir = inject("relayPersistDir");
    await waitFor("the fence on disk", () => persistedContains(persistDir, fenceLabel));
    expect(persistedContains(persistDir, marker)).toBe(false);
    // The viewer is still connected and still receives edits.
    expect(viewer.ws.readyState).toBe(WebSocket.OPEN);
    const before = viewer.binaries.length;
    await watched.fence();
    await waitFor("the next edit on the viewer's socket", () => viewer.binaries.length > before);
  });

  it("drops a viewer's sync step 2 with content without a notice and without closing it", async () => {
    const watched = await setUp();
    const viewer = await viewSocket(watched);
    const local = new Y.Doc();
    addNode(local, "offline-edit", "noop", { x: 1, y: 1 });
    viewer.send(syncStep2Frame(local));
    await watched.fence();
    expect(nodesOf(watched.b.doc).has("offline-edit")).toBe(false);
    expect(notices(viewer)).toEqual([]);
    expect(viewer.ws.readyState).toBe(WebSocket.OPEN);
  });

  it("lets a view provider receive every edit, while its own local edits stay local", async () => {
    const watched = await setUp();
    const viewer: RoomClient = connectClient(relayHost, watched.room.roomId, watched.room.viewKey);
    cleanup.push(() => viewer.destroy());
    let closes = 0;
    viewer.provider.on("connection-close", () => closes++);
    await viewer.synced();
    addNode(watched.a.doc, "shared", "noop", { x: 5, y: 5 });
    await waitFor("the edit on the viewer", () => nodesOf(viewer.doc).has("shared"));

    const texts: string[] = [];
    (viewer.provider.ws as unknown as WebSocket).on("message", (data: Buffer, isBinary: boolean) => !isBinary && texts.push(data.toString()));
    addNode(viewer.doc, "viewer-local", "noop", { x: 9, y: 9 });
    await waitFor("a read-only notice on the view provider's socket", () => texts.some((t) => t.includes('"read-only"')));
    await watched.fence();
    expect(nodesOf(watched.b.doc).has("viewer-local")).toBe(false);
    expect(closes).toBe(0);
  });
});
