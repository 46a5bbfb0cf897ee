/**
 * Counters and histograms the hub keeps in SQLite as things happen, and their Prometheus text
 * exposition (`GET /metrics`). Gauges (queue depth, runners connected) are read live.
 */
import type { TeamHub } from "./team-hub.ts";

export const metricsSchema = `
CREATE TABLE IF NOT EXISTS metrics (name TEXT NOT NULL, labels TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY (name, labels));
`;

const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

const help: Record<string, [kind: "counter" | "histogram" | "gauge", text: string]> = {
  nexus_runs_total: ["counter", "Headless runs finished, by flow, status and trigger."],
  nexus_run_duration_seconds: ["histogram", "Headless run duration, start to finish."],
  nexus_node_executions_total: ["counter", "Node attempts finished, by node type and status."],
  nexus_node_duration_seconds: ["histogram", "Node attempt duration."],
  nexus_node_retries_total: ["counter", "Node attempts that failed and will be retried, by node type."],
  nexus_job_wait_seconds: ["histogram", "Time from a job's submit to its first lease."],
  nexus_runner_lost_total: ["counter", "Leases that expired because their runner was lost."],
  nexus_queue_depth: ["gauge", "Jobs waiting for a runner, by the labels they ask for."],
  nexus_runners_connected: ["gauge", "Runners connected now."],
};

/** Label values as Prometheus writes them: `{a="x",b="y"}`, escaped. */
export function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([key, value]) => `${key}="${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}

export function count(sql: SqlStorage, name: string, labels: Record<string, string>, by = 1): void {
  sql.exec("INSERT INTO metrics (name, labels, value) VALUES (?, ?, ?) ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value", name, JSON.stringify(labels), by);
}

/**
 * Counts gathered while handling one message, written as one upsert per series: a chunk
 * that finishes 20 nodes of one type costs a handful of upserts, not 80.
 */
export class MetricTally {
  private readonly series = new Map<string, { name: string; labels: string; by: number }>();

  count(name: string, labels: Record<string, string>, by = 1): void {
    this.add(name, JSON.stringify(labels), by);
  }

  private add(name: string, text: string, by: number): void {
    const key = `${name}${text}`;
    const entry = this.series.get(key);
    if (entry) entry.by += by;
    else this.series.set(key, { name, labels: text, by });
  }

  /**
   * One observation: its own bucket, the sum and the count, not every bucket it falls under
   * (up to 19 upserts before). `_le` rows count per bucket; `/metrics` adds them up into
   * Prometheus' cumulative `_bucket` lines.
   */
  observe(name: string, labels: Record<string, string>, seconds: number): void {
    const le = durationBuckets.find((bound) => seconds <= bound);
    const bucket = le === undefined ? "+Inf" : String(le);
    // The labels' JSON once; no labels (every job's wait) is the common case, spelled out.
    const text = JSON.stringify(labels);
    this.add(`${name}_le`, text === "{}" ? `{"le":"${bucket}"}` : JSON.stringify({ ...labels, le: bucket }), 1);
    this.add(`${name}_sum`, text, seconds);
    this.add(`${name}_count`, text, 1);
  }

  /** One statement for up to 30 series (90 bound values): a job's wait histogram is one call, not three. */
  write(sql: SqlStorage): void {
    const rows = [...this.series.values()];
    this.series.clear();
    for (let at = 0; at < rows.length; at += 30) {
      const group = rows.slice(at, at + 30);
      sql.exec(
        `INSERT INTO metrics (name, labels, value) VALUES ${group.map(() => "(?, ?, ?)").join(", ")} ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value`,
        ...group.flatMap(({ name, labels, by }) => [name, labels, by]),
      );
    }
  }
}

export function observe(sql: SqlStorage, name: string, labels: Record<string, string>, seconds: number): void {
  const tally = new MetricTally();
  tally.observe(name, labels, seconds);
  tally.write(sql);
}

/**
 * A histogram's lines, series by series as Prometheus parsers expect them: cumulative
 * `_bucket` lines from the per-bucket `_le` rows (plus `_bucket` rows an older hub kept,
 * already cumulative), then `_sum` and `_count`.
 */
function histogramLines(rows: readonly { name: string; labels: string; value: number }[]): { family: string; text: string }[] {
  const series = new Map<string, { family: string; labels: Record<string, string>; values: Map<string, number> }>();
  for (const row of rows) {
    const match = /^(.*)_(le|bucket|sum|count)$/.exec(row.name);
    if (!match) continue;
    const { le, ...labels } = JSON.parse(row.labels) as Record<string, string>;
    const key = `${match[1]}${JSON.stringify(labels)}`;
    const entry = series.get(key) ?? series.set(key, { family: match[1]!, labels, values: new Map() }).get(key)!;
    entry.values.set(le === undefined ? match[2]! : `${match[2]}:${le}`, row.value);
  }
  const lines: { family: string; text: string }[] = [];
  for (const { family, labels, values } of series.values()) {
    let total = 0;
    for (const le of [...durationBuckets.map(String), "+Inf"]) {
      total += values.get(`le:${le}`) ?? 0;
      lines.push({ family, text: `${family}_bucket${labelText({ ...labels, le })} ${total + (values.get(`bucket:${le}`) ?? 0)}` });
    }
    lines.push({ family, text: `${family}_sum${labelText(labels)} ${values.get("sum") ?? 0}` }, { family, text: `${family}_count${labelText(labels)} ${values.get("count") ?? 0}` });
  }
  return lines;
}

export function prometheusText(hub: TeamHub): string {
  const rows = hub.sql.exec<{ name: string; labels: string; value: number }>("SELECT name, labels, value FROM metrics ORDER BY name, labels").toArray();
  const byFamily = new Map<string, string[]>();
  const line = (family: string, text: string) => (byFamily.get(family) ?? byFamily.set(family, []).get(family)!).push(text);
  const histograms = rows.filter((row) => /_(le|bucket|sum|count)$/.test(row.name));
  for (const row of rows) if (!histograms.includes(row)) line(row.name, `${row.name}${labelText(JSON.parse(row.labels) as Record<string, string>)} ${row.value}`);
  for (const histogram of histogramLines(histograms)) line(histogram.family, histogram.text);
  const depth = new Map<string, number>();
  for (const [key, queue] of hub.book.queues) depth.set(key.split("|")[0] ?? "", (depth.get(key.split("|")[0] ?? "") ?? 0) + queue.length);
  for (const [labels, value] of depth) line("nexus_queue_depth", `nexus_queue_depth${labelText({ labels })} ${value}`);
  if (!depth.size) line("nexus_queue_depth", `nexus_queue_depth${labelText({ labels: "" })} 0`);
  line("nexus_runners_connected", `nexus_runners_connected ${[...hub.book.runners.values()].filter((runner) => runner.connected).length}`);
  const out: string[] = [];
  for (const [family, [kind, text]] of Object.entries(help)) {
    out.push(`# HELP ${family} ${text}`, `# TYPE ${family} ${kind}`, ...(byFamily.get(family) ?? []));
  }
  return out.join("\n") + "\n";
}
