/**
 * Carries runner-job notes from the engine worker to the page in batches. A hop to a runner
 * makes three or four notes (submitted, accepted, started, finished); sent one by one, each
 * was a Comlink call (a message to the page and a reply back) on the hop's critical path, and
 * the page copied its whole note map for each. Notes only feed the run panel, so only the
 * latest note of each job matters: they are kept by job and go out at most once per interval,
 * like run events (event-relay.ts).
 */
import type { JobNote } from "./job-notes.ts";
import { browserTimers, createThrottle, type RelayTimers } from "./event-relay.ts";

export interface NoteRelay {
  push(note: JobNote): void;
  /** Delivers what is waiting now. */
  flush(): void;
}

/** The page's key for a note (one line per node of a run). */
export const noteKey = (note: Pick<JobNote, "runId" | "nodeId">) => `${note.runId}:${note.nodeId}`;

/**
 * @example
 * const notes = createNoteRelay((batch) => page.notes(batch), 50);
 * notes.push(note); // delivered on the next task, then at most every 50 ms, latest note per node
 */
export function createNoteRelay(deliver: (notes: JobNote[]) => void, intervalMs = 50, timers: RelayTimers = browserTimers): NoteRelay {
  let pending = new Map<string, JobNote>();
  const throttle = createThrottle(() => flush(), intervalMs, timers);

  function flush(): void {
    if (!pending.size) return throttle.flushed(false);
    const notes = [...pending.values()];
    pending = new Map();
    throttle.flushed();
    deliver(notes);
  }

  return {
    push(note) {
      const key = noteKey(note);
      pending.delete(key); // re-inserted last: the batch keeps the order of the latest changes
      pending.set(key, note);
      throttle.schedule();
    },
    flush,
  };
}
