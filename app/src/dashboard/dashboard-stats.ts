/**
 * What the Dashboard reads: the hub's `GET /api/stats` (README, "Monitoring"), and the pure
 * helpers that turn it into the figures shown and the series the charts draw. Kept free of
 * Solid and the DOM so the figures are unit-tested and the e2e test compares against them.
 */
import { formatDuration } from "../runs/format.ts";

export interface Percentiles {
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

export interface TeamStats {
  readonly since: string;
  readonly runs: { readonly total: number; readonly byStatus: Readonly<Record<string, number>> };
  readonly successRate: number | null;
  readonly durationMs: Percentiles;
  readonly queueWaitMs: Percentiles;
  readonly nodes: Readonly<Record<string, { failures: number; retries: number }>>;
  readonly throughput: { readonly bucketMs: number; readonly buckets: ReadonlyArray<{ at: string; succeeded: number; failed: number; other: number }> };
  readonly flows: Readonly<Record<string, { runs: number; failed: number }>>;
  readonly latestFailures: ReadonlyArray<{ runId: string; flowId: string; finishedAt: string | null; nodeId: string | null; message: string }>;
  readonly queue: { readonly depth: number };
  readonly runners: { readonly connected: number; readonly slots: number; readonly running: number };
}

/** One figure of the Dashboard: its key (for tests and `data-figure`), its words, its raw value and its text. */
export interface Figure {
  readonly key: string;
  readonly label: string;
  readonly value: number | null;
  readonly text: string;
}

const ms = (value: number | null) => (value === null ? "—" : formatDuration(value));

/** `0.9523…` → `95.2 %`; no finished run → `—`. */
export function formatRate(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(1)} %`;
}

/**
 * The headline figures, in the order shown.
 * @example figuresOf(stats).find((f) => f.key === "successRate")?.text // "95.2 %"
 */
export function figuresOf(stats: TeamStats): Figure[] {
  const count = (key: string, label: string, value: number): Figure => ({ key, label, value, text: String(value) });
  const time = (key: string, label: string, value: number | null): Figure => ({ key, label, value, text: ms(value) });
  return [
    count("runs", "Runs", stats.runs.total),
    count("succeeded", "Succeeded", stats.runs.byStatus.succeeded ?? 0),
    count("failed", "Failed", stats.runs.byStatus.failed ?? 0),
    { key: "successRate", label: "Success rate", value: stats.successRate, text: formatRate(stats.successRate) },
    time("p50", "Duration p50", stats.durationMs.p50),
    time("p95", "Duration p95", stats.durationMs.p95),
    time("p99", "Duration p99", stats.durationMs.p99),
    time("waitP50", "Queue wait p50", stats.queueWaitMs.p50),
    time("waitP95", "Queue wait p95", stats.queueWaitMs.p95),
    count("queueDepth", "Jobs queued", stats.queue.depth),
    count("runnersConnected", "Runners connected", stats.runners.connected),
    { key: "slotsInUse", label: "Slots in use", value: stats.runners.running, text: `${stats.runners.running} / ${stats.runners.slots}` },
  ];
}

/** Throughput as uPlot's aligned data: x in seconds, then succeeded and failed per bucket. */
export function throughputSeries(stats: TeamStats): [number[], number[], number[]] {
  const buckets = stats.throughput.buckets;
  return [buckets.map((bucket) => Date.parse(bucket.at) / 1000), buckets.map((bucket) => bucket.succeeded), buckets.map((bucket) => bucket.failed + bucket.other)];
}

/** The throughput chart in one sentence, for screen readers (the chart itself is a canvas). */
export function throughputSummary(stats: TeamStats): string {
  const [, succeeded, failed] = throughputSeries(stats);
  const total = succeeded.reduce((a, b) => a + b, 0) + failed.reduce((a, b) => a + b, 0);
  const peak = Math.max(0, ...succeeded.map((value, index) => value + (failed[index] ?? 0)));
  const per = formatDuration(stats.throughput.bucketMs);
  return `Throughput: ${total} runs finished (${failed.reduce((a, b) => a + b, 0)} failed or cancelled); at most ${peak} in any ${per}.`;
}

/** Failures per flow, most failing first, with each flow's own success share. */
export function flowFailures(stats: TeamStats): Array<{ flowId: string; runs: number; failed: number }> {
  return Object.entries(stats.flows)
    .map(([flowId, entry]) => ({ flowId, ...entry }))
    .sort((a, b) => b.failed - a.failed || a.flowId.localeCompare(b.flowId));
}

/** Live samples kept in the page (the hub answers "now"; the chart shows how "now" moved). */
export interface Sample {
  readonly at: number;
  readonly running: number;
  readonly slots: number;
  readonly queueDepth: number;
  readonly p95: number | null;
}

/** Adds a sample and keeps the newest `keep`. */
export function addSample(samples: readonly Sample[], stats: TeamStats, at: number, keep = 200): Sample[] {
  const next = [...samples, { at, running: stats.runners.running, slots: stats.runners.slots, queueDepth: stats.queue.depth, p95: stats.durationMs.p95 }];
  return next.slice(Math.max(0, next.length - keep));
}
