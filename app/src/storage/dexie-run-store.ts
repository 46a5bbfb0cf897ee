import { NexusError, resolveRunId, type RunEvent, type RunLogWriter, type RunStore, type RunSummary } from "@nexus-flow/shared";
import type { NexusDb, RunRecord } from "./db.ts";

/**
 * Run logs in IndexedDB. Appends are coalesced: while one write is in flight, new events
 * wait and go out together in the next transaction, so a 10,000-node run makes tens of
 * transactions, not thousands. Order is kept; `append`'s promise settles when its events
 * are durable.
 */
export function createDexieRunStore(db: NexusDb): RunStore {
  const writing = new Set<string>();

  return {
    async open(runId) {
      if (writing.has(runId)) throw new NexusError({ code: "RUN_LOCKED", message: `run ${runId} is already being written`, retryable: false });
      writing.add(runId);
      const last = await db.runEvents.where("runId").equals(runId).last();
      return batchedWriter(db, runId, (last?.seq ?? -1) + 1, () => writing.delete(runId));
    },
    async read(runId) {
      const batches = await db.runEvents.where("runId").equals(runId).sortBy("seq");
      if (!batches.length) throw new NexusError({ code: "RUN_NOT_FOUND", message: `no run ${runId}`, retryable: false });
      return batches.flatMap((batch) => batch.events);
    },
    async list() {
      const runs = await db.runs.orderBy("startedAt").reverse().toArray();
      return runs.map((run) => summaryOf(run, writing.has(run.runId)));
    },
    async resolve(prefix) {
      return resolveRunId(prefix, (await db.runs.toCollection().primaryKeys()) as string[]);
    },
  };
}

function batchedWriter(db: NexusDb, runId: string, firstSeq: number, onClose: () => void): RunLogWriter {
  let seq = firstSeq;
  let pending: RunEvent[] = [];
  let flushing: Promise<void> | undefined;
  let open = true;

  async function flush(): Promise<void> {
    while (pending.length) {
      const events = pending;
      pending = [];
      await db.transaction("rw", db.runEvents, db.runs, async () => {
        await db.runEvents.add({ runId, seq: seq++, events });
        await recordRunChanges(db, runId, events);
      });
    }
  }

  return {
    append(events) {
      if (!open) throw new NexusError({ code: "RUN_CLOSED", message: `run ${runId}: log is closed`, retryable: false });
      pending.push(...events);
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

/** Keeps the `runs` table (the history list) in step with the log. */
async function recordRunChanges(db: NexusDb, runId: string, events: readonly RunEvent[]): Promise<void> {
  for (const event of events) {
    if (event.type === "run.started") {
      await db.runs.put({ runId, flowId: event.flow.id, flowName: event.flow.name, status: "running", startedAt: event.at });
    } else if (event.type === "run.finished") {
      await db.runs.update(runId, { status: event.status, finishedAt: event.at });
    }
  }
}

function summaryOf(run: RunRecord, writing: boolean): RunSummary {
  const base = { runId: run.runId, flowId: run.flowId, flowName: run.flowName, startedAt: run.startedAt };
  if (run.status !== "running") return { ...base, status: run.status, ...(run.finishedAt !== undefined ? { finishedAt: run.finishedAt } : {}) };
  return { ...base, status: writing ? "running" : "interrupted" };
}

/** Deletes runs that started before `cutoff` with their logs (run history retention). */
export async function pruneRuns(db: NexusDb, cutoff: number): Promise<number> {
  return db.transaction("rw", db.runs, db.runEvents, async () => {
    const old = (await db.runs.where("startedAt").below(cutoff).primaryKeys()) as string[];
    await db.runEvents.where("runId").anyOf(old).delete();
    await db.runs.bulkDelete(old);
    return old.length;
  });
}
