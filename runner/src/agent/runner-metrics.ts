/**
 * The runner's own Prometheus endpoint (`nexus runner --metrics-port P`, issue 12): what this
 * process is doing, for a team that scrapes its machines rather than (or as well as) the hub.
 * Counters live in the agent; this file only keeps them and writes the text format.
 */
import { createServer, type Server } from "node:http";

export interface RunnerCounters {
  /** Jobs finished, by kind (`flow.run`, `node`) and outcome (`done`, `failed`). */
  readonly finished: Map<string, number>;
  running: number;
  slots: number;
  connected: boolean;
  reconnects: number;
}

/** `failed`: the job failed, or its headless run ended failed or cancelled; `done`: anything else (a run parked on an approval included). */
export type JobOutcomeLabel = "done" | "failed";

export function createRunnerCounters(slots: number): RunnerCounters {
  return { finished: new Map(), running: 0, slots, connected: false, reconnects: 0 };
}

export function countFinished(counters: RunnerCounters, kind: string, outcome: JobOutcomeLabel): void {
  const key = `${kind}|${outcome}`;
  counters.finished.set(key, (counters.finished.get(key) ?? 0) + 1);
}

/**
 * The text exposition (format 0.0.4). Both outcomes of both kinds are always written (as 0
 * before the first job), so a dashboard's rate() has a series from the first scrape.
 * @example metricsText(counters, "builder-1") // "# HELP nexus_runner_jobs_running …"
 */
export function metricsText(counters: RunnerCounters, runner: string): string {
  const name = `runner="${runner.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  const lines = [
    "# HELP nexus_runner_jobs_running Jobs this runner is working on now.",
    "# TYPE nexus_runner_jobs_running gauge",
    `nexus_runner_jobs_running{${name}} ${counters.running}`,
    "# HELP nexus_runner_slots Jobs this runner takes at once (--concurrency).",
    "# TYPE nexus_runner_slots gauge",
    `nexus_runner_slots{${name}} ${counters.slots}`,
    "# HELP nexus_runner_connected 1 while the runner is connected to the relay.",
    "# TYPE nexus_runner_connected gauge",
    `nexus_runner_connected{${name}} ${counters.connected ? 1 : 0}`,
    "# HELP nexus_runner_reconnects_total Times the connection to the relay was lost and taken up again.",
    "# TYPE nexus_runner_reconnects_total counter",
    `nexus_runner_reconnects_total{${name}} ${counters.reconnects}`,
    "# HELP nexus_runner_jobs_total Jobs finished by this runner, by kind and outcome.",
    "# TYPE nexus_runner_jobs_total counter",
  ];
  for (const kind of ["flow.run", "node"]) {
    for (const outcome of ["done", "failed"]) lines.push(`nexus_runner_jobs_total{${name},kind="${kind}",outcome="${outcome}"} ${counters.finished.get(`${kind}|${outcome}`) ?? 0}`);
  }
  return lines.join("\n") + "\n";
}

/** Serves `/metrics` on `host:port`; resolves once listening (port 0 picks a free one). */
export function serveMetrics(port: number, host: string, text: () => string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== "GET" || (request.url ?? "").split("?")[0] !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain" }).end("this runner serves /metrics only\n");
      return;
    }
    response.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(text());
  });
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(new Error(error.code === "EADDRINUSE" ? `--metrics-port ${port}: that port is taken on ${host}` : `--metrics-port ${port}: ${error.message}`)));
    server.listen(port, host, () => resolve(server));
  });
}
