import { createRunLogEncoder, decodeRunLog, NexusError, resolveRunId, type RunEvent, type RunLogWriter, type RunStore, type RunSummary } from "@nexus-flow/shared";
import type { RunRecord } from "./db.ts";
import type { RunDb } from "./run-db.ts";

/** The worker's run store, plus what the worker needs of the history table. */
export interface IdbRunStore extends RunStore {
  /** Ids of the flow's runs the `runs` table calls `running`, oldest first. */
  unfinishedRuns(flowId: string): Promise<string[]>;
  /** Deletes runs that started before `cutoff` with their logs (run history retention). */
  prune(cutoff: number): Promise<number>;
}

/**
 * Run logs in IndexedDB, in the tables the page's Dexie declares (db.ts). Appends are
 * coalesced: while one write is in flight, new events wait and go out together in the next
 * transaction, so a 10,000-node run makes tens of transactions, not thousands. Order is
 * kept; `append`'s promise settles when its events are durable.
 * @example const writer = await createIdbRunStore(connectRunDb()).open(runId); await writer.append(events);
 */
export function createIdbRunStore(db: RunDb): IdbRunStore {
  const writing = new Set<string>();

  return {
    async open(runId, prefix) {
      if (writing.has(runId)) throw new NexusError({ code: "RUN_LOCKED", message: `run ${runId} is already being written`, retryable: false });
      writing.add(runId);
      try {
        const last = await (await db()).transaction("runEvents").store.openKeyCursor(logRange(runId), "prev");
        return batchedWriter(db, runId, (last?.primaryKey[1] ?? -1) + 1, () => writing.delete(runId), createRunLogEncoder(prefix));
      } catch (error) {
        writing.delete(runId);
        throw error;
      }
    },
    async read(runId) {
      const batches = await (await db()).getAll("runEvents", logRange(runId));
      if (!batches.length) throw new NexusError({ code: "RUN_NOT_FOUND", message: `no run ${runId}`, retryable: false });
      return decodeRunLog(runId, batches.flatMap((batch) => batch.events));
    },
    async list() {
      const runs = await (await db()).getAllFromIndex("runs", "startedAt");
      return runs.reverse().map((run) => summaryOf(run, writing.has(run.runId)));
    },
    async resolve(prefix) {
      return resolveRunId(prefix, await (await db()).getAllKeys("runs"));
    },
    async unfinishedRuns(flowId) {
      const runs = await (await db()).getAllFromIndex("runs", "[flowId+startedAt]", IDBKeyRange.bound([flowId, -Infinity], [flowId, Infinity]));
      return runs.filter((run) => run.status === "running").map((run) => run.runId);
    },
    prune: async (cutoff) => pruneRuns(await db(), cutoff),
  };
}

function batchedWriter(db: RunDb, runId: string, firstSeq: number, onClose: () => void, encode: (event: RunEvent) => RunEvent): RunLogWriter {
  let seq = firstSeq;
  let pending: RunEvent[] = [];
  let flushing: Promise<void> | undefined;
  let open = true;

  async function flush(): Promise<void> {
    while (pending.length) {
      const events = pending;
      pending = [];
      await writeBatch(await db(), runId, seq++, events);
    }
  }

  return {
    append(events) {
      if (!open) throw new NexusError({ code: "RUN_CLOSED", message: `run ${runId}: log is closed`, retryable: false });
      for (const event of events) pending.push(encode(event)); // each output once (SPEC rule L5)
      flushing ??= flush().finally(() => (flushing = undefined));
      return flushing;
    },
    async close() {
      await flushing;
      open = false;
      onClose();
    },
  };
}

type Connection = Awaited<ReturnType<RunDb>>;

/** One transaction: the batch, and the `runs` row (the history list) kept in step with it. */
async function writeBatch(db: Connection, runId: string, seq: number, events: RunEvent[]): Promise<void> {
  const tx = db.transaction(["runEvents", "runs"], "readwrite");
  const runs = tx.objectStore("runs");
  // Requests are queued in order and awaited together; any failure aborts the transaction.
  const requests: Array<Promise<unknown>> = [tx.objectStore("runEvents").add({ runId, seq, events })];
  for (const event of events) {
    if (event.type === "run.started") {
      requests.push(runs.put({ runId, flowId: event.flow.id, flowName: event.flow.name, status: "running", startedAt: event.at }));
    } else if (event.type === "run.finished") {
      const finished = { status: event.status, finishedAt: event.at };
      requests.push(runs.get(runId).then((run) => run && runs.put({ ...run, ...finished })));
    }
  }
  await Promise.all([...requests, tx.done]);
}

async function pruneRuns(db: Connection, cutoff: number): Promise<number> {
  const tx = db.transaction(["runs", "runEvents"], "readwrite");
  const old = await tx.objectStore("runs").index("startedAt").getAllKeys(IDBKeyRange.upperBound(cutoff, true));
  const requests = old.flatMap((runId) => [tx.objectStore("runEvents").delete(logRange(runId)), tx.objectStore("runs").delete(runId)]);
  await Promise.all([...requests, tx.done]);
  return old.length;
}

/** A run's batches: the primary key `[runId, seq]` keeps them together and in order. */
function logRange(runId: string): IDBKeyRange {
  return IDBKeyRange.bound([runId, -Infinity], [runId, Infinity]);
}

function summaryOf(run: RunRecord, writing: boolean): RunSummary {
  const base = { runId: run.runId, flowId: run.flowId, flowName: run.flowName, startedAt: run.startedAt };
  if (run.status !== "running") return { ...base, status: run.status, ...(run.finishedAt !== undefined ? { finishedAt: run.finishedAt } : {}) };
  return { ...base, status: writing ? "running" : "interrupted" };
}
