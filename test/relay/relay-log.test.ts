/**
 * A correct configuration logs no error: view and edit connections sharing a room used to
 * make y-partykit log "Document was previously initialized with different options".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addNode, nodesOf } from "./support/flow-edits.ts";
import { startPartykitDev, type PartykitDev } from "./support/partykit-dev.ts";
import { connectClient, createRoom } from "./support/room-client.ts";
import { waitFor } from "./support/wait-for.ts";

// Its own relay: its output must be this suite's alone.
let relay: PartykitDev;
beforeAll(async () => {
  relay = await startPartykitDev();
});
afterAll(async () => {
  await relay?.dispose();
});

describe("the relay's log", () => {
  it("has no error when view and edit connections share a room, leave it and come back", async () => {
    const room = await createRoom(relay.url);
    for (let round = 0; round < 2; round++) {
      // One after the other: y-partykit compares options only when the room's doc is loaded.
      const editor = connectClient(relay.host, room.roomId, room.editKey);
      await editor.synced();
      const viewer = connectClient(relay.host, room.roomId, room.viewKey);
      try {
        await viewer.synced();
        addNode(editor.doc, `n${round}`, "noop", { x: round, y: 0 });
        addNode(viewer.doc, `viewer-${round}`, "noop", { x: 0, y: round }); // dropped by the relay, quietly for the log
        await waitFor("the editor's node at the viewer", () => nodesOf(viewer.doc).has(`n${round}`));
      } finally {
        editor.destroy();
        viewer.destroy();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500)); // the room's compaction after the last one left
    expect(relay.output()).not.toMatch(/previously initialized|error/i);
  });
});
