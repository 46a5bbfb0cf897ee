/** Trigger benchmarks as rows for `npm run bench` (issue 12); the scenario runs in its own process. */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { CollabFigure } from "./collab-scenarios.ts";
import type { TriggerFigures } from "./trigger-scenario.ts";

export function measureTriggers(): CollabFigure[] {
  const script = fileURLToPath(new URL("./trigger-scenario.ts", import.meta.url));
  const output = execFileSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 16 * 1024 * 1024 });
  const f = JSON.parse(output.trim().split("\n").pop()!) as TriggerFigures;
  return [
    { name: "webhook → run on a runner → result, 3-node chain, p50", value: f.chain3.p50, unit: "ms", kind: "max" },
    { name: "webhook → run on a runner → result, 3-node chain, p99", value: f.chain3.p99, unit: "ms", kind: "max" },
    { name: "webhook → run on a runner → result, 20-node chain, p50 (n8n: 109 ms engine time)", value: f.chain20.p50, unit: "ms", target: 10, kind: "max" },
    { name: "webhook → run on a runner → result, 20-node chain, p99", value: f.chain20.p99, unit: "ms", kind: "max" },
    { name: `schedule fire-time error (due → trigger node started on the runner), p99 over ${f.occurrences} occurrences`, value: f.scheduleErrorP99Ms, unit: "ms", target: 250, kind: "max" },
    { name: "load average (1 min) after the trigger benchmarks", value: f.load, unit: "", kind: "max" },
  ];
}
