/**
 * Rule C5: a chunk whose content is bigger than one frame (a node's 3 MB output) arrives as
 * parts, each a chunk of its own with the next seq. The hub stores each part durably and
 * acknowledges it like any chunk; the last part joins them into the chunk's events or lines,
 * which then go through the usual checks (W2, W3) and into the run's log.
 */
import { chunkContentSchema, type RunnerMessage } from "@nexus-flow/shared/protocol";
import { heldLease, type JobBook } from "./job-book.ts";

type Chunk = Extract<RunnerMessage, { type: "chunk" }>;

export type PartResult = { readonly chunk: Chunk } | { readonly refused: string };

/**
 * Returns the chunk for the lease rules: a part before the last, stored, as an empty chunk
 * (acknowledged, folded into nothing); the last part as the whole chunk, joined.
 * A part the rules will not store (stale lease, repeated seq) passes as an empty chunk too:
 * the rules answer it with `stale` or `ack` and nothing is kept.
 */
export function joinPart(sql: SqlStorage, book: JobBook, runnerId: string, message: Chunk): PartResult {
  const { part, ...rest } = message;
  if (!part) return { chunk: message };
  const storable = heldLease(book, runnerId, message)?.ackedSeq === message.seq - 1;
  if (!storable) return { chunk: rest };
  if (!part.last) {
    sql.exec("INSERT OR REPLACE INTO chunk_parts (job_id, seq, text) VALUES (?, ?, ?)", message.jobId, message.seq, part.text);
    return { chunk: rest };
  }
  const earlier = sql.exec<{ text: string }>("SELECT text FROM chunk_parts WHERE job_id = ? ORDER BY seq", message.jobId).toArray();
  let content: unknown;
  try {
    content = JSON.parse(earlier.map((row) => row.text).join("") + part.text);
  } catch {
    return { refused: `the parts of chunk ${message.seq} of job ${message.jobId} do not join into JSON` };
  }
  const checked = chunkContentSchema.safeParse(content);
  if (!checked.success) return { refused: `the parts of chunk ${message.seq} of job ${message.jobId} do not join into events or lines: ${checked.error.issues[0]?.message}` };
  sql.exec("DELETE FROM chunk_parts WHERE job_id = ?", message.jobId);
  return { chunk: { ...rest, ...checked.data } as Chunk };
}

/** A new lease starts from the log the hub has: parts of an unfinished chunk from an earlier lease go. */
export function dropParts(sql: SqlStorage, jobId: string): void {
  sql.exec("DELETE FROM chunk_parts WHERE job_id = ?", jobId);
}
