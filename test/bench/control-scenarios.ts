/**
 * The control relay benchmarks as rows for `npm run bench`: runs `control-scenario.ts` in a
 * fresh Node process and turns its figures into rows with their targets (issue 7).
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { CollabFigure } from "./collab-scenarios.ts";
import type { ControlFigures } from "./control-scenario.ts";

export function measureControl(): CollabFigure[] {
  const script = fileURLToPath(new URL("./control-scenario.ts", import.meta.url));
  const output = execFileSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 16 * 1024 * 1024 });
  const f = JSON.parse(output.trim().split("\n").pop()!) as ControlFigures;
  const rounds = `median of ${f.rounds} rounds`;
  return [
    { name: "job round trip, p50, hub (wrangler dev) + nexus runner", value: f.hubP50Ms, unit: "ms", kind: "max" },
    { name: "job round trip, p99, hub (wrangler dev) + nexus runner", value: f.hubP99Ms, unit: "ms", kind: "max" },
    { name: "job round trip, p50, BullMQ 6.7 + Redis 7 (baseline)", value: f.bullP50Ms, unit: "ms", kind: "max" },
    { name: "job round trip, p99, BullMQ 6.7 + Redis 7 (baseline)", value: f.bullP99Ms, unit: "ms", kind: "max" },
    { name: `hub / BullMQ round trip, p50 (1,000 jobs, ${rounds})`, value: f.hubP50Ms / f.bullP50Ms, unit: "×", target: 1.5, kind: "max" },
    { name: `hub / BullMQ round trip, p99 (1,000 jobs, ${rounds})`, value: f.hubP99Ms / f.bullP99Ms, unit: "×", target: 1.5, kind: "max" },
    { name: "no-op jobs/s, 20,000 jobs, hub, 4 runners × 50 slots", value: f.hubJobsPerSecond, unit: "jobs/s", kind: "min" },
    { name: "no-op jobs/s, 20,000 jobs, BullMQ, 4 workers × 50", value: f.bullJobsPerSecond, unit: "jobs/s", kind: "min" },
    { name: `hub / BullMQ throughput (${rounds})`, value: f.hubJobsPerSecond / f.bullJobsPerSecond, unit: "×", target: 1, kind: "min" },
    { name: `lost runner: kill -9 → job started on another runner (${rounds})`, value: f.lostRunnerMs / 1000, unit: "s", target: 15, kind: "max" },
    { name: `nexus --version start-up, whole process (median of 20)${f.startupStatus === 0 ? "" : `, exit ${f.startupStatus}: no --version yet`}`, value: f.startupMs, unit: "ms", target: 250, kind: "max" },
    { name: "load average (1 min) before / after the control benchmarks", value: f.loadBefore, unit: `/ ${f.loadAfter.toFixed(1)}`, kind: "max" },
  ];
}
