import * as Y from "yjs";
import { Dexie } from "dexie";
import { DexieYProvider } from "y-dexie";
import { formatIssue, type Flow, type FlowIssue } from "@nexus-flow/shared";
import { changedDoc, localOrigin, markValidated, readFlow, renameFlow, sameFlow, writeFlow } from "../flow-doc/index.ts";
import type { FlowChecksApi } from "../runs/engine-api.ts";
import { engineClient } from "../runs/engine-client.ts";
import { updatesTable, type FlowRecord, type NexusDb, type VersionRecord } from "./db.ts";
import type { RoomMembership } from "../collab/room-link.ts";
import { createEarlyDocs } from "./early-docs.ts";

export type FlowResultOr<T> = { ok: true; value: T } | { ok: false; issues: FlowIssue[] };

/** An imported flow: open it at once; `saved` settles once it is stored (or says why it could not be). */
export interface Imported {
  readonly id: string;
  readonly saved: Promise<void>;
}

/** The validation the repository needs. The app's lives in the engine worker (runs/flow-checks.ts). */
export type RepoFlowChecks = Pick<FlowChecksApi, "validate" | "parseFlowFile">;

/** Started on first use only: the worker is not needed until a flow is imported or checked. */
const workerChecks: RepoFlowChecks = {
  validate: (draft) => engineClient().api.validate(draft),
  parseFlowFile: (text) => engineClient().api.parseFlowFile(text),
};

/** The least time between two writes of an open flow's list row for its edits (a rename is written at once). */
const touchEveryMs = 1_000;

/** How long an import waits for its save to commit before it opens anyway (drawn while stored). */
const defaultCommitWaitMs = 50;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The flows list and each flow's document, versions, import and export. */
export function createFlowsRepo(db: NexusDb, now: () => number = Date.now, checks: RepoFlowChecks = workerChecks, { commitWaitMs = defaultCommitWaitMs } = {}) {
  /**
   * The doc of the flow stored last, held until it is opened. y-dexie hands every reader of a
   * flow the same Y.Doc while one is alive: opening a doc that already holds its content only
   * reads its update back, where loading an empty one also re-encodes the whole flow for
   * y-dexie's update listener (~60 ms at 1,000 nodes, between Import and the canvas drawn).
   */
  let lastInserted: Y.Doc | undefined;
  const early = createEarlyDocs(db);

  /**
   * Stores an imported flow (validated, under a free id) and returns once it is stored, or at
   * most `commitWaitMs` after its writes are asked for: then the editor opens the doc it was
   * written into while it is stored (early-docs.ts).
   */
  async function insertEarly(flow: Flow): Promise<Imported> {
    const doc = DexieYProvider.getOrCreateDocument(db, "flows", "doc", flow.id);
    // A doc still cached for an id used before holds old content: store into a new one, and wait.
    if (doc.store.clients.size > 0) return { id: flow.id, saved: insert(flow, true).then(() => undefined) };
    writeFlow(doc, flow);
    markValidated(doc, flow);
    const at = now();
    const { issued, saved } = early.save({ id: flow.id, name: flow.name, createdAt: at, updatedAt: at }, doc);
    await issued;
    // The commit follows in a few milliseconds while the page waits (it needs the page to take each
    // write's answer): opening after it, the address bar changes before the first frame draws the
    // flow, not a frame or two later. A slow disk does not hold the drawing back for longer.
    // Outside the save's transaction: the caller's next reads and writes must not join it.
    if (commitWaitMs > 0) await Dexie.ignoreTransaction(() => Promise.race([saved.catch(() => undefined), delay(commitWaitMs)]));
    return { id: flow.id, saved };
  }

  /**
   * Stores a new flow: its row and its content as one update, in one transaction (what
   * y-dexie's `add` of a row with a doc does), written into the doc y-dexie will open.
   * `validated`: the validator accepted `flow` as it is (an import), so the editor need not
   * check it again on opening.
   */
  async function insert(flow: Flow, validated = false): Promise<string> {
    const at = now();
    const updates = db.table(updatesTable);
    await db.transaction("rw", db.flows, updates, async () => {
      await db.flows.add({ id: flow.id, name: flow.name, createdAt: at, updatedAt: at } as FlowRecord);
      const cached = (await db.flows.get(flow.id))!.doc;
      // A doc still cached for an id used before holds old content: never write into that one.
      const doc = cached.store.clients.size === 0 ? cached : new Y.Doc();
      writeFlow(doc, flow);
      await updates.add({ k: flow.id, u: Y.encodeStateAsUpdateV2(doc), f: 1 });
      lastInserted = doc === cached ? doc : undefined;
      if (validated && lastInserted) markValidated(doc, flow);
    });
    return flow.id;
  }

  /**
   * Keeps the list's `updatedAt` and name in step with the doc's edits; returns the stopper.
   * A rename is written at once; other edits at most once a second (the first at once, the last
   * when the second is up or the flow closes): a drag edits the doc every frame, and a row
   * written per edit re-ran the sidebar's live query and re-drew its row ~4 times a second,
   * mid-gesture (trace). The flow itself is stored by y-dexie, edit by edit: only this
   * row's time can lag, by under a second.
   */
  function touchOnEdits(id: string, doc: Y.Doc, name: string): () => void {
    const nameOf = () => String(doc.getMap("meta").get("name") ?? name);
    let written = { name, at: -Infinity };
    let later: ReturnType<typeof setTimeout> | undefined;
    const write = () => {
      clearTimeout(later);
      later = undefined;
      written = { name: nameOf(), at: performance.now() };
      void db.flows.update(id, { updatedAt: now(), name: written.name });
    };
    // On `afterTransaction`, not `update`: an `update` listener makes Yjs encode every edit once more.
    const touch = (tr: Y.Transaction) => {
      if (!changedDoc(tr)) return;
      const wait = touchEveryMs - (performance.now() - written.at);
      if (nameOf() !== written.name || wait <= 0) write();
      else later ??= setTimeout(write, wait);
    };
    doc.on("afterTransaction", touch);
    return () => {
      doc.off("afterTransaction", touch);
      if (later !== undefined) write();
    };
  }

  /**
   * A flow whose first save is under way (an import): its doc at once. y-dexie follows it once
   * its row is stored (until then early-docs.ts keeps its edits).
   */
  function openEarly(id: string, doc: Y.Doc, stored: Promise<void>) {
    const untouch = touchOnEdits(id, doc, String(doc.getMap("meta").get("name") ?? ""));
    // A save that fails destroys the doc: nothing to follow or release then (the importer says so).
    const following = stored.then(() => true, () => false).then((ok) => ok && (DexieYProvider.load(doc), true));
    const release = () => (untouch(), void following.then((loaded) => loaded && DexieYProvider.release(doc)));
    return { doc, room: undefined, release };
  }

  async function freshId(base: string): Promise<string> {
    const stem = base.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").toLowerCase() || "flow";
    for (let n = 0; ; n++) {
      const id = n ? `${stem}-${n + 1}` : stem;
      // An import still being stored has its id already.
      if (!(await db.flows.get(id)) && !early.take(id)) return id;
    }
  }

  return {
    /** Live list for the sidebar: not deleted, most recently changed first. */
    list: () => db.flows.orderBy("updatedAt").reverse().filter((flow) => flow.deletedAt === undefined).toArray(),

    async create(name: string): Promise<string> {
      const id = await freshId(name);
      return insert({ schemaVersion: 1, id, name, nodes: [{ id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} }], edges: [] });
    },

    /**
     * Opens a flow's Y.Doc from IndexedDB (no network). Call `release` when done; the doc
     * keeps the list's `updatedAt` and name in step while open.
     */
    async open(id: string): Promise<{ doc: Y.Doc; room: RoomMembership | undefined; release(): void } | undefined> {
      const saving = early.take(id);
      if (saving) return openEarly(id, saving.doc, saving.stored);
      const record = await db.flows.get(id);
      if (!record || record.deletedAt !== undefined) return undefined;
      const doc = record.doc;
      const provider = DexieYProvider.load(doc);
      await provider.whenLoaded;
      if (doc === lastInserted) lastInserted = undefined;
      const untouch = touchOnEdits(id, doc, record.name);
      return { doc, room: record.room, release: () => (untouch(), DexieYProvider.release(doc)) };
    },

    /** Marks a flow as shared in `room` (after the relay created it). */
    share: (id: string, room: RoomMembership) => db.flows.update(id, { room }),

    /**
     * The local flow of a share link: the one already joined (a view link opened after an
     * edit link keeps the edit key), or a new, empty one that fills from the room. Nothing
     * is written into its doc here: the room's content must not meet local defaults.
     */
    async join(room: RoomMembership): Promise<string> {
      const joined = await db.flows.filter((flow) => flow.room?.roomId === room.roomId && flow.deletedAt === undefined).first();
      if (joined) {
        if (joined.room!.role === "view" && room.role === "edit") await db.flows.update(joined.id, { room });
        return joined.id;
      }
      const id = await freshId(`shared-${room.roomId.slice(0, 8)}`);
      const at = now();
      await db.flows.add({ id, name: "Shared flow", createdAt: at, updatedAt: at, room, doc: new Y.Doc() } as FlowRecord);
      return id;
    },

    /**
     * Deletes a joined flow that never received anything (its link was refused). `doc` is
     * the flow's open (loaded) doc. Returns whether it did; a flow with any content, or not
     * joined by link, is kept.
     */
    async forgetEmptyShare(id: string, doc: Y.Doc): Promise<boolean> {
      const record = await db.flows.get(id);
      if (!record?.room || doc.getMap("nodes").size > 0 || doc.getMap("meta").size > 0) return false;
      await db.flows.delete(id);
      return true;
    },

    /** The flow as a validated document (for running, publishing, exporting). */
    async snapshot(id: string): Promise<FlowResultOr<Flow>> {
      const opened = await this.open(id);
      if (!opened) return { ok: false, issues: [{ path: "", message: `no flow ${id}` }] };
      try {
        const result = await checks.validate(readFlow(opened.doc));
        return result.ok ? { ok: true, value: result.flow } : result;
      } finally {
        opened.release();
      }
    },

    /** Renames a flow, open or not: through its doc (an open editor shares the cached doc). */
    async rename(id: string, name: string): Promise<boolean> {
      const opened = await this.open(id);
      if (!opened) return false;
      renameFlow(opened.doc, name);
      opened.release();
      return true;
    },

    async duplicate(id: string): Promise<string | undefined> {
      const opened = await this.open(id);
      if (!opened) return undefined;
      const flow = readFlow(opened.doc);
      opened.release();
      const copyName = `${flow.name} (copy)`;
      return insert({ ...flow, id: await freshId(copyName), name: copyName });
    },

    /** Soft delete: `restore` undoes it until `purgeDeleted` runs. */
    remove: (id: string) => db.flows.update(id, { deletedAt: now() }),
    restore: (id: string) => db.flows.where("id").equals(id).modify((flow) => void delete flow.deletedAt),
    async purgeDeleted(olderThan: number): Promise<void> {
      const ids = (await db.flows.where("deletedAt").below(olderThan).primaryKeys()) as string[];
      await db.transaction("rw", db.flows, db.versions, async () => {
        await db.versions.where("flowId").anyOf(ids).delete();
        await db.flows.bulkDelete(ids);
      });
    },

    /**
     * Imports a flow file. An invalid file is refused with the validator's issues and
     * nothing stored changes; a valid one gets a fresh id if its id is taken.
     */
    async importText(text: string | Uint8Array): Promise<FlowResultOr<string>> {
      const result = await checks.parseFlowFile(text);
      if (!result.ok) return result;
      const imported = await this.importParsed(result.flow);
      await imported.saved;
      return { ok: true, value: imported.id };
    },

    /**
     * Stores a flow `parseImport` accepted (the file is not parsed twice), under a fresh id if its
     * id is taken. The flow opens at once; `saved` says when it is stored.
     */
    async importParsed(flow: Flow): Promise<Imported> {
      return insertEarly({ ...flow, id: await freshId(flow.id) });
    },

    /** Checks a flow file without storing it (Import asks about a clash before it stores). */
    parseImport: (text: string | Uint8Array): Promise<FlowResultOr<Flow>> => checks.parseFlowFile(text).then((result) => (result.ok ? { ok: true, value: result.flow } : result)),

    /** The stored flow an imported one clashes with: the same id, else the same name. */
    async clashOf(flow: Pick<Flow, "id" | "name">): Promise<{ id: string; name: string } | undefined> {
      const live = (await db.flows.toArray()).filter((record) => record.deletedAt === undefined);
      const clash = live.find((record) => record.id === flow.id) ?? live.find((record) => record.name === flow.name);
      return clash && { id: clash.id, name: clash.name };
    },

    /**
     * Stores an imported flow. `keep-both`: a new id and "(2)" (or the next free number) in
     * its name. `replace`: the clashing flow's content becomes the file's, as one undoable
     * edit, under that flow's id.
     */
    async importFlow(flow: Flow, mode: { keepBoth: true } | { replace: string }): Promise<Imported> {
      if ("replace" in mode) {
        const opened = await this.open(mode.replace);
        if (!opened) return insertEarly({ ...flow, id: await freshId(flow.id) });
        opened.doc.transact(() => opened.doc.getMap("meta").delete("settings"), localOrigin);
        replaceContent(opened.doc, { ...flow, id: mode.replace });
        opened.release();
        return { id: mode.replace, saved: Promise.resolve() };
      }
      const names = new Set((await db.flows.toArray()).filter((record) => record.deletedAt === undefined).map((record) => record.name));
      let n = 2;
      while (names.has(`${flow.name} (${n})`)) n++;
      return insertEarly({ ...flow, id: await freshId(flow.id), name: `${flow.name} (${n})` });
    },

    async exportText(id: string): Promise<FlowResultOr<string>> {
      const snapshot = await this.snapshot(id);
      return snapshot.ok ? { ok: true, value: JSON.stringify(snapshot.value, null, 2) + "\n" } : snapshot;
    },

    /** Publishes the draft as the next immutable version; an invalid draft cannot be published. */
    async publish(id: string, note?: string): Promise<FlowResultOr<VersionRecord>> {
      const snapshot = await this.snapshot(id);
      if (!snapshot.ok) return snapshot;
      const last = await db.versions.where("[flowId+version]").between([id, 0], [id, Infinity]).last();
      const version: VersionRecord = { flowId: id, version: (last?.version ?? 0) + 1, flow: snapshot.value, publishedAt: now(), ...(note ? { note } : {}) };
      version.id = await db.versions.add(version);
      return { ok: true, value: version };
    },

    versions: (id: string) => db.versions.where("flowId").equals(id).reverse().sortBy("version"),

    version: (id: string, version: number) => db.versions.where("[flowId+version]").equals([id, version]).first(),

    /** Whether the draft holds work that no published version has: replacing the draft would lose it. */
    async hasUnpublishedWork(id: string): Promise<boolean> {
      const opened = await this.open(id);
      if (!opened) return false;
      try {
        const draft = readFlow(opened.doc);
        return !(await this.versions(id)).some((version) => sameFlow(draft, version.flow));
      } finally {
        opened.release();
      }
    },

    /** Replaces the draft's content with a version's, as one undoable edit. */
    async restoreVersion(id: string, version: number): Promise<boolean> {
      const record = await db.versions.where("[flowId+version]").equals([id, version]).first();
      const opened = await this.open(id);
      if (!record || !opened) return false;
      replaceContent(opened.doc, record.flow);
      opened.release();
      return true;
    },
  };
}

export type FlowsRepo = ReturnType<typeof createFlowsRepo>;


/** Makes the doc's content equal `flow` in one local transaction: one undoable edit that syncs. */
export function replaceContent(doc: Y.Doc, flow: Flow): void {
  doc.transact(() => {
    for (const name of ["nodes", "edges", "notes", "pins"] as const) doc.getMap(name).clear();
    writeFlow(doc, flow);
  }, localOrigin);
}

export const describeIssues = (issues: readonly FlowIssue[]) => issues.map(formatIssue).join("\n");
