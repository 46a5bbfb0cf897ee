/**
 * The parts of `GET /api/stats` the app's Dashboard draws beside the percentiles: finished
 * runs per time bucket (throughput), runs and failures per flow, the latest failures with
 * their failing node, and the live queue and runner figures. One call gives the whole
 * picture, so what the Dashboard shows is exactly what the hub answered at one instant.
 */
import type { TeamHub } from "./team-hub.ts";

/** At most this many buckets: a chart wider than that says nothing more. */
const maxBuckets = 120;

export interface Breakdown {
  readonly throughput: { readonly bucketMs: number; readonly buckets: Array<{ at: string; succeeded: number; failed: number; other: number }> };
  readonly flows: Record<string, { runs: number; failed: number }>;
  readonly latestFailures: Array<{ runId: string; flowId: string; finishedAt: string | null; nodeId: string | null; message: string }>;
  readonly queue: { readonly depth: number };
  readonly runners: { readonly connected: number; readonly slots: number; readonly running: number };
}

interface Row {
  run_id: string;
  flow_id: string;
  status: string;
  finished_at: number | null;
  error: string | null;
  [key: string]: SqlStorageValue;
}

/**
 * `where`/`args` select the runs (the same filter as the percentiles); `bucketMs` is clamped so
 * that the window from the first finished run to `now` fits in `maxBuckets` buckets.
 */
export function statsBreakdown(hub: TeamHub, where: string, args: unknown[], bucketMs: number, now: number): Breakdown {
  const rows = hub.sql.exec<Row>(`SELECT run_id, flow_id, status, finished_at, error FROM runs WHERE ${where} ORDER BY finished_at`, ...args).toArray();
  const flows: Breakdown["flows"] = Object.create(null);
  for (const row of rows) {
    const entry = (flows[row.flow_id] ??= { runs: 0, failed: 0 });
    entry.runs++;
    if (row.status === "failed") entry.failed++;
  }
  return { throughput: throughput(rows, bucketMs, now), flows, latestFailures: latestFailures(rows), queue: { depth: queueDepth(hub) }, runners: runnerFigures(hub) };
}

/** Finished runs per bucket, by status; exported for its unit test. */
export function throughput(rows: ReadonlyArray<Pick<Row, "status" | "finished_at">>, requested: number, now: number): Breakdown["throughput"] {
  const finished = rows.filter((row) => row.finished_at !== null);
  const first = finished[0]?.finished_at ?? now;
  const bucketMs = Math.max(1_000, requested, Math.ceil((now - first + 1) / maxBuckets / 1_000) * 1_000);
  // Buckets are aligned to whole multiples of their width, so consecutive polls keep the same edges.
  const start = Math.floor(first / bucketMs) * bucketMs;
  const buckets: Breakdown["throughput"]["buckets"] = [];
  for (let at = start; at <= now; at += bucketMs) buckets.push({ at: new Date(at).toISOString(), succeeded: 0, failed: 0, other: 0 });
  for (const row of finished) {
    const bucket = buckets[Math.floor((row.finished_at! - start) / bucketMs)];
    if (!bucket) continue; // finished after `now` (clock skew between calls): the next poll counts it
    if (row.status === "succeeded") bucket.succeeded++;
    else if (row.status === "failed") bucket.failed++;
    else bucket.other++;
  }
  return { bucketMs, buckets };
}

function latestFailures(rows: Row[]): Breakdown["latestFailures"] {
  return rows
    .filter((row) => row.status === "failed")
    .slice(-10)
    .reverse()
    .map((row) => {
      const error = row.error ? (JSON.parse(row.error) as { nodeId?: string; message?: string }) : {};
      return { runId: row.run_id, flowId: row.flow_id, finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(), nodeId: error.nodeId ?? null, message: error.message ?? "" };
    });
}

function queueDepth(hub: TeamHub): number {
  let depth = 0;
  for (const queue of hub.book.queues.values()) depth += queue.length;
  return depth;
}

function runnerFigures(hub: TeamHub): Breakdown["runners"] {
  let connected = 0;
  let slots = 0;
  let running = 0;
  for (const runner of hub.book.runners.values()) {
    if (!runner.connected) continue;
    connected++;
    slots += runner.slots;
    running += runner.held.size;
  }
  return { connected, slots, running };
}
