/**
 * y-dexie stores each edit of a flow as a row of its own and, every 5 minutes (the first time
 * 10 s after the database opens), merges a flow's rows into one. The merge rebuilds the whole
 * doc: at 1,000 nodes ~80 ms of script and a collection, and on the page it lands on whatever
 * the person is doing then (an undo, a paste). Here it runs in a worker on the same schedule;
 * the page's docs see nothing new (like a merge made by another tab).
 */
export interface CompactionRequest {
  readonly name: string;
  /** Skip when a merge (by any tab or worker) ran this recently: y-dexie records when. */
  readonly skipIfWithinMs: number;
}

export type CompactionAnswer = { ok: true } | { ok: false; error: string };

/**
 * Merges the stored updates of database `name` in a worker, `firstMs` from now and then every
 * `everyMs`. Returns a function that stops it.
 * @example const stop = compactInWorker(db.name);
 */
export function compactInWorker(name: string, { firstMs = 10_000, everyMs = 300_000 } = {}): () => void {
  let stopped = false;
  let timer = setTimeout(run, firstMs);
  function run(): void {
    const worker = new Worker(new URL("./compact-worker.ts", import.meta.url), { type: "module", name: "nexus-compact" });
    const done = (problem?: string) => {
      worker.terminate();
      // Nothing is lost when a merge fails: the rows stay as they were and the next one tries again.
      if (problem) console.warn(`Could not merge the stored edits of your flows (tried again in ${everyMs / 60_000} minutes): ${problem}`);
      if (!stopped) timer = setTimeout(run, everyMs);
    };
    worker.onmessage = (event: MessageEvent<CompactionAnswer>) => done(event.data.ok ? undefined : event.data.error);
    worker.onerror = (event) => done(event.message || "the storage worker failed to start");
    worker.postMessage({ name, skipIfWithinMs: everyMs } satisfies CompactionRequest);
  }
  return () => ((stopped = true), clearTimeout(timer));
}
