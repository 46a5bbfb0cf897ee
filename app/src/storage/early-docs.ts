import * as Y from "yjs";
import { DexieYProvider } from "y-dexie";
import { updatesTable, type FlowRecord, type NexusDb } from "./db.ts";
import { rowHeldBy } from "./own-updates.ts";

/**
 * New flows that open from the doc they were written into (an import), once their save has
 * committed or, when the commit is slow, while IndexedDB still stores it: never waiting for
 * y-dexie to read the flow back (~100 ms at 1,000 nodes between Import and the canvas drawn).
 *
 * y-dexie may follow a doc (store each edit) only once its row exists: its live query, finding
 * no row, would destroy the doc. So the edits made before that are kept here, and stored the
 * moment y-dexie takes over. A save that fails destroys the doc (y-dexie then hands out a new,
 * empty one for that id) and stores nothing: the caller tells the user.
 */
export interface EarlyDocs {
  /**
   * Stores `doc` (already filled) as the new flow `row`, one transaction for the row and the
   * doc's content; until that commits, `take(row.id)` hands the doc out. `issued`: the writes
   * are asked for (draw after that: IndexedDB stores while the page draws); `saved`: all is
   * stored, the edits made meanwhile included.
   */
  save(row: Omit<FlowRecord, "doc">, doc: Y.Doc): { issued: Promise<void>; saved: Promise<void> };
  /** The doc of a flow whose first save is under way, and when its row is stored (y-dexie may follow it then). */
  take(id: string): { doc: Y.Doc; stored: Promise<void> } | undefined;
}

/** What went wrong with a write, in words: IndexedDB's errors carry a name (QuotaExceededError) and a message. */
export const describeError = (error: unknown) => (error instanceof Error ? error.message || error.name : String(error));

/** The flow was stored, the edits made while it was being stored were not. */
export class EditsNotStored extends Error {
  override readonly name = "EditsNotStored";
  constructor(readonly reason: unknown) {
    super(`the edits made while it was being saved were not stored (${describeError(reason)})`);
  }
}

export function createEarlyDocs(db: NexusDb): EarlyDocs {
  const saving = new Map<string, { doc: Y.Doc; stored: Promise<void> }>();
  const updates = db.table(updatesTable);

  /**
   * The row and the content (the doc as it is now), in one transaction; the edits made from now
   * on go to `keep`. `issued` is called once the writes are asked for (or the save failed before).
   */
  async function storeRow(row: Omit<FlowRecord, "doc">, doc: Y.Doc, keep: (edit: Uint8Array) => void, issued: () => void): Promise<void> {
    try {
      const update = Y.encodeStateAsUpdateV2(doc);
      doc.on("updateV2", keep);
      const key = await db.transaction("rw", db.flows, updates, async () => {
        // Both asked for at once: IndexedDB works on them while the page draws the flow.
        const writes = Promise.all([db.flows.add(row as FlowRecord), updates.add({ k: row.id, u: update, f: 1 }) as Promise<number>]);
        issued();
        return (await writes)[1];
      });
      rowHeldBy(db, key, doc, update); // y-dexie's first load need not decode what the doc holds
    } finally {
      issued();
    }
  }

  return {
    save(row, doc) {
      const edits: Uint8Array[] = [];
      const keep = (edit: Uint8Array) => void edits.push(edit);
      let markIssued = () => {};
      const issued = new Promise<void>((resolve) => (markIssued = resolve));
      const stored = storeRow(row, doc, keep, markIssued);
      saving.set(row.id, { doc, stored });
      const saved = stored.then(
        () => {
          // y-dexie follows the doc from here on (its listener is attached at once); the edits
          // made while the save ran are stored after the content they change.
          DexieYProvider.load(doc);
          doc.off("updateV2", keep);
          // Openers took their own reference as `stored` settled (microtasks): this one goes after.
          setTimeout(() => DexieYProvider.release(doc));
          if (!edits.length) return undefined;
          return updates.bulkAdd(edits.map((u) => ({ k: row.id, u, f: 1 }))).then(
            () => undefined,
            (error: unknown) => {
              throw new EditsNotStored(error);
            },
          );
        },
        (error: unknown) => {
          doc.off("updateV2", keep);
          doc.destroy(); // y-dexie forgets it: a later flow with this id starts empty
          throw error;
        },
      );
      // Handed out a moment longer once stored: an opener that waited for the commit takes it in the
      // microtasks that follow (y-dexie's own first load would read the whole flow back). A doc whose
      // save failed is destroyed: never handed out.
      stored.then(
        () => setTimeout(() => saving.delete(row.id)),
        () => saving.delete(row.id),
      );
      return { issued, saved };
    },
    take: (id) => saving.get(id),
  };
}
