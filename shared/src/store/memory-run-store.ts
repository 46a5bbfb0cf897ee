import { NexusError } from "../errors/index.ts";
import type { RunEvent } from "../engine/run-event.ts";
import { summarize, type RunLogWriter, type RunStore, type RunSummary } from "./run-store.ts";
import { resolveRunId } from "./resolve-run-id.ts";
import { createRunLogEncoder, decodeRunLog } from "./run-log-codec.ts";

/**
 * Run logs in memory: for tests and for hosts that keep nothing. Entries are copied through
 * JSON on the way in, exactly as a real store would serialize them.
 */
export function createMemoryRunStore(): RunStore {
  const logs = new Map<string, RunEvent[]>();
  const writing = new Set<string>();

  return {
    async open(runId, prefix) {
      if (writing.has(runId)) throw new NexusError({ code: "RUN_LOCKED", message: `run ${runId} is already being written`, retryable: false });
      writing.add(runId);
      const log = logs.get(runId) ?? [];
      logs.set(runId, log);
      const encode = createRunLogEncoder(prefix);
      const writer: RunLogWriter = {
        append(events) {
          if (!writing.has(runId)) throw new NexusError({ code: "RUN_CLOSED", message: `run ${runId}: log is closed`, retryable: false });
          for (const event of events) log.push(JSON.parse(JSON.stringify(encode(event))) as RunEvent);
        },
        async close() {
          writing.delete(runId);
        },
      };
      return writer;
    },
    async read(runId) {
      const log = logs.get(runId);
      if (!log) throw notFound(runId);
      return decodeRunLog(runId, log);
    },
    async list() {
      const summaries: RunSummary[] = [];
      for (const [runId, log] of logs) if (log.length) summaries.push(summarize(runId, log[0]!, log[log.length - 1]!, writing.has(runId)));
      return summaries.sort((a, b) => b.startedAt - a.startedAt);
    },
    async resolve(prefix) {
      return resolveRunId(prefix, [...logs.keys()]);
    },
  };
}

export function notFound(runId: string): NexusError {
  return new NexusError({ code: "RUN_NOT_FOUND", message: `no run ${runId}`, retryable: false });
}
