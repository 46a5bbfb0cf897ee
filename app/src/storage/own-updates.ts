import * as Y from "yjs";
import type { DBCore, DBCoreQueryRequest, Dexie } from "dexie";

/**
 * y-dexie follows each open doc's stored updates with a live query (to hear other tabs) and
 * applies every new row to the doc, the rows this tab just stored included: a no-op for the
 * doc, but a whole decode of the update (~20-40 ms for Layout's 1,000 moves, more for the undo
 * of a big delete). Its own guard against that (`observeYDocUpdates`) compares the new key
 * with `lastUpdateId - 1`, which never matches. This middleware remembers the last updates
 * this tab added and, when that live query reads one back byte for byte, hands it an empty
 * update instead. A row changed since (merged by compaction with other rows) is read as stored.
 * A row stored from a doc that already holds it (an import's, `heldBy`) is read as empty by
 * any read, the doc's first load included, while that doc lives: y-dexie hands out one doc
 * per flow, so the doc that loads the row is the one that wrote it.
 */

/** The live query's follow-up read: keys above the last one it saw. The first load reads by flow. */
const isFollowUp = (req: DBCoreQueryRequest) =>
  req.values && req.query.index.isPrimaryKey && req.query.range.lowerOpen === true && typeof req.query.range.lower === "number" && req.query.range.lower > 0;

/** The last updates written are kept, this many (an older one read back is simply applied again). */
const remembered = 16;

/** Per database: rows whose content a live doc holds already (their key → that doc). */
const heldRows = new WeakMap<Dexie, Map<number, HeldRow>>();

interface HeldRow {
  readonly doc: WeakRef<Y.Doc>;
  readonly u: Uint8Array;
}

/**
 * Says that `doc` holds the content of the update row `key` it was encoded from: reading the
 * row back into it (y-dexie's first load) would decode the whole update for nothing. Until the
 * doc is destroyed (y-dexie then makes a new, empty one for the flow, which needs the row).
 * @example rowHeldBy(db, await updates.add({ k: id, u: update, f: 1 }), doc, update);
 */
export function rowHeldBy(db: Dexie, key: number, doc: Y.Doc, update: Uint8Array): void {
  const held = heldRows.get(db);
  if (!held) return; // not the page's database: nothing reads through the middleware
  held.set(key, { doc: new WeakRef(doc), u: update });
  doc.once("destroy", () => held.delete(key));
}

interface UpdateRow {
  readonly i: number;
  readonly k: unknown;
  readonly u: Uint8Array;
}

/**
 * Registers the middleware on `db` for y-dexie's updates table `updatesTable`.
 * @example skipOwnUpdates(db, "$flows.doc_updates");
 */
export function skipOwnUpdates(db: Dexie, updatesTable: string): void {
  const written = new Map<number, Uint8Array>();
  const held = new Map<number, HeldRow>();
  heldRows.set(db, held);
  const empty = Y.encodeStateAsUpdateV2(new Y.Doc());
  // Kept after a match: the live query may read a row twice (from Dexie's cache, then stored).
  const read = (req: DBCoreQueryRequest, rows: UpdateRow[]) =>
    rows.map((row) => {
      const own = isFollowUp(req) ? written.get(row.i) : undefined;
      const kept = held.get(row.i);
      const readBack = (own && sameBytes(own, row.u)) || (kept?.doc.deref() && sameBytes(kept.u, row.u));
      return readBack ? { ...row, u: empty } : row;
    });
  db.use({
    stack: "dbcore",
    name: "SkipOwnYUpdates",
    level: 20, // above Dexie's cache (level 0): sees what the live query is handed
    create: (down: DBCore): Partial<DBCore> => ({
      table(name) {
        const table = down.table(name);
        if (name !== updatesTable) return table;
        return {
          ...table,
          mutate: (req) =>
            table.mutate(req).then((res) => {
              if (req.type === "add") req.values.forEach((value: Partial<UpdateRow>, index) => remember(written, res.results?.[index], value?.u));
              return res;
            }),
          query: (req) => table.query(req).then((res) => (req.values && (written.size || held.size) ? { ...res, result: read(req, res.result as UpdateRow[]) } : res)),
        };
      },
    }),
  });
}

function remember(written: Map<number, Uint8Array>, key: unknown, update: Uint8Array | undefined): void {
  if (typeof key !== "number" || !(update instanceof Uint8Array)) return;
  written.set(key, update);
  if (written.size > remembered) written.delete(written.keys().next().value!);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (!(b instanceof Uint8Array) || a.byteLength !== b.byteLength) return false;
  for (let index = 0; index < a.byteLength; index++) if (a[index] !== b[index]) return false;
  return true;
}
