import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { openDb } from "./db.ts";
import { createFlowsRepo } from "./flows-repo.ts";
import { flowChecks } from "../runs/flow-checks.ts";
import { addNodes, readFlow, renameFlow } from "../flow-doc/index.ts";

let count = 0;
const freshRepo = () => {
  const db = openDb(`flows-${count++}`);
  // The checks the engine worker answers with, run in-process.
  return { db, repo: createFlowsRepo(db, Date.now, flowChecks) };
};

describe("flows repository", () => {
  it("creates, edits through the doc, and finds everything again after reopening the database", async () => {
    const { db, repo } = freshRepo();
    const id = await repo.create("My flow");
    const opened = (await repo.open(id))!;
    addNodes(opened.doc, [{ id: "n", type: "noop", position: { x: 1, y: 2 }, config: {} }]);
    opened.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    db.close();
    const again = createFlowsRepo(openDb(db.name), Date.now, flowChecks);
    const snapshot = await again.snapshot(id);
    expect(snapshot.ok && snapshot.value.nodes.map((node) => node.id)).toEqual(["n", "start"]);
  });

  it("writes the open flow's row for its edits at most once a second, a rename at once, and the last one on release", async () => {
    const db = openDb(`flows-${count++}`);
    let writes = 0;
    // `now` is read once per write of the row.
    const repo = createFlowsRepo(db, () => (writes++, Date.now()), flowChecks);
    const id = await repo.create("Touch");
    const opened = (await repo.open(id))!;
    const settle = () => new Promise((resolve) => setTimeout(resolve, 30));
    const before = writes;
    const edit = (n: number) => addNodes(opened.doc, [{ id: `n${n}`, type: "noop", position: { x: n, y: 0 }, config: {} }]);
    for (let n = 0; n < 20; n++) edit(n);
    await settle();
    expect(writes - before).toBe(1); // the first edit's, at once
    renameFlow(opened.doc, "Renamed");
    await settle();
    expect(writes - before).toBe(2);
    expect((await db.flows.get(id))?.name).toBe("Renamed");
    edit(20);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(writes - before).toBe(3); // the edits within the second, written when it is up
    edit(21);
    edit(22);
    await settle();
    expect(writes - before).toBe(3); // within a second of the last write: waiting
    opened.release();
    await settle();
    expect(writes - before).toBe(4); // the waiting one, written on release
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(writes - before).toBe(4);
  });

  it("refuses an invalid import with the validator's path and leaves stored flows unchanged", async () => {
    const { db, repo } = freshRepo();
    await repo.create("Keep me");
    const before = await db.flows.count();
    const result = await repo.importText(JSON.stringify({ schemaVersion: 1, id: "x", name: "X", nodes: [{ id: "a", type: "transform", position: { x: 0, y: 0 }, config: {} }], edges: [] }));
    expect(result).toEqual({ ok: false, issues: [{ path: "nodes[0].config.code", message: "expected string, got undefined" }] });
    expect(await db.flows.count()).toBe(before);
    const good = await repo.importText(JSON.stringify({ schemaVersion: 1, id: "keep-me", name: "Imported", nodes: [], edges: [] }));
    expect(good).toEqual({ ok: true, value: "keep-me-2" });
  });

  it("F1, F2: imports a file's bytes: a byte-order mark is fine, bytes that are not UTF-8 are refused with their offset", async () => {
    const { repo } = freshRepo();
    const text = JSON.stringify({ schemaVersion: 1, id: "bytes", name: "café", nodes: [], edges: [] });
    const utf8 = new TextEncoder().encode(text);
    expect(await repo.importText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ ok: true, value: "bytes" });
    const latin1 = Uint8Array.from(text, (char) => char.charCodeAt(0));
    expect(await repo.importText(latin1)).toEqual({ ok: false, issues: [{ path: "", message: `not valid UTF-8: byte 0xe9 at byte offset ${text.indexOf("é")} (save the file as UTF-8)` }] });
  });

  it("exports the same JSON format it imports", async () => {
    const { repo } = freshRepo();
    const id = await repo.create("Round trip");
    const exported = await repo.exportText(id);
    expect(exported.ok).toBe(true);
    const reimported = await repo.importText(exported.ok ? exported.value : "");
    expect(reimported.ok && (await repo.snapshot(reimported.value))).toMatchObject({ ok: true, value: { name: "Round trip" } });
  });

  it("duplicates, deletes with undo, and publishes immutable versions that can be restored", async () => {
    const { repo } = freshRepo();
    const id = await repo.create("Flow");
    const copy = await repo.duplicate(id);
    expect(copy).toBe("flow-copy");
    await repo.remove(copy!);
    expect((await repo.list()).map((flow) => flow.id)).toEqual([id]);
    await repo.restore(copy!);
    expect((await repo.list()).map((flow) => flow.id).sort()).toEqual([id, copy].sort());

    const v1 = await repo.publish(id, "first");
    expect(v1).toMatchObject({ ok: true, value: { version: 1, note: "first" } });
    const opened = (await repo.open(id))!;
    addNodes(opened.doc, [{ id: "later", type: "noop", position: { x: 0, y: 0 }, config: {} }]);
    expect(readFlow(opened.doc).nodes).toHaveLength(2);
    opened.release();
    await repo.publish(id);
    expect((await repo.versions(id)).map((version) => version.version)).toEqual([2, 1]);
    expect(await repo.restoreVersion(id, 1)).toBe(true);
    const restored = await repo.snapshot(id);
    expect(restored.ok && restored.value.nodes.map((node) => node.id)).toEqual(["start"]);
  });

  it("tells when the draft holds work that no published version has", async () => {
    const { repo } = freshRepo();
    const id = await repo.create("Flow");
    expect(await repo.hasUnpublishedWork(id)).toBe(true); // nothing published yet
    await repo.publish(id);
    expect(await repo.hasUnpublishedWork(id)).toBe(false);
    const opened = (await repo.open(id))!;
    addNodes(opened.doc, [{ id: "later", type: "noop", position: { x: 0, y: 0 }, config: {} }]);
    expect(await repo.hasUnpublishedWork(id)).toBe(true);
    await repo.publish(id);
    expect(await repo.hasUnpublishedWork(id)).toBe(false);
    expect(await repo.restoreVersion(id, 1)).toBe(true);
    expect(await repo.hasUnpublishedWork(id)).toBe(false); // equal to version 1 again
    opened.release();
  });

  describe("shared flows", () => {
    const room = { roomId: "AbCdEfGhIjKlMnOpQrStUv", role: "view" as const, viewKey: "v".repeat(43) };

    it("joins a link as one local flow, empty until the room fills it, and an edit link upgrades a viewer", async () => {
      const { repo } = freshRepo();
      const id = await repo.join(room);
      expect(await repo.join(room)).toBe(id);
      const opened = (await repo.open(id))!;
      expect(opened.room).toEqual(room);
      expect(opened.doc.getMap("nodes").size + opened.doc.getMap("meta").size).toBe(0); // nothing local to meet the room's content
      opened.release();
      const editor = { ...room, role: "edit" as const, editKey: "e".repeat(43) };
      expect(await repo.join(editor)).toBe(id);
      expect((await repo.open(id))!.room).toEqual(editor);
    });

    it("forgets a refused, empty share, and never a flow with content or one not joined by link", async () => {
      const { repo } = freshRepo();
      const empty = await repo.join(room);
      const emptyDoc = (await repo.open(empty))!.doc;
      expect(await repo.forgetEmptyShare(empty, emptyDoc)).toBe(true);
      expect(await repo.open(empty)).toBeUndefined();

      const filled = await repo.join({ ...room, roomId: "ZyXwVuTsRqPoNmLkJiHgFe" });
      const filledDoc = (await repo.open(filled))!.doc;
      addNodes(filledDoc, [{ id: "n", type: "noop", position: { x: 0, y: 0 }, config: {} }]);
      expect(await repo.forgetEmptyShare(filled, filledDoc)).toBe(false);

      const local = await repo.create("Mine");
      expect(await repo.forgetEmptyShare(local, (await repo.open(local))!.doc)).toBe(false);
      expect(await repo.open(local)).toBeDefined();
    });
  });
});
