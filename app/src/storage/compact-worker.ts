/**
 * The worker of compaction.ts: merges each flow's stored Yjs updates into one row (y-dexie's
 * `compressYDocs`), off the page's main thread. Started as
 * `new Worker(new URL("./compact-worker.ts", import.meta.url), { type: "module" })`.
 */
import { compressYDocs } from "y-dexie";
import { openDb } from "./db.ts";
import type { CompactionAnswer, CompactionRequest } from "./compaction.ts";

self.onmessage = async (event: MessageEvent<CompactionRequest>) => {
  const db = openDb(event.data.name, { compact: false });
  let answer: CompactionAnswer;
  try {
    await compressYDocs(db, event.data.skipIfWithinMs);
    answer = { ok: true };
  } catch (error) {
    answer = { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    db.close();
  }
  self.postMessage(answer);
};
