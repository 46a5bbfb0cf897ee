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

export function observe(sql: SqlStorage, name: string, labels: Record<string, string>, seconds: number): void {
  for (const le of durationBuckets) if (seconds <= le) count(sql, `${name}_bucket`, { ...labels, le: String(le) });
  count(sql, `${name}_bucket`, { ...labels, le: "+Inf" });
  count(sql, `${name}_sum`, labels, seconds);
  count(sql, `${name}_count`, labels);
}

export function prometheusText(hub: TeamHub): string {
  const rows = hub.sql.exec<{ name: string; labels: string; value: number }>("SELECT name, labels, value FROM metrics ORDER BY name, labels").toArray();
  const byFamily = new Map<string, string[]>();
  const line = (family: string, text: string) => (byFamily.get(family) ?? byFamily.set(family, []).get(family)!).push(text);
  for (const row of rows) line(row.name.replace(/_(bucket|sum|count)$/, ""), `${row.name}${labelText(JSON.parse(row.labels) as Record<string, string>)} ${row.value}`);
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
