/**
 * `nexus --version` start-up, the whole process as a shell starts it: median of `runs` after
 * warm-up. A CLI that does not know `--version` yet (exit 2, usage) loads the same modules
 * before answering, so it is timed alike and the status is passed on for the row's name.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "../control/support/wrangler-dev.ts";
import { median } from "./collab-stats.ts";

export function measureStartup(runs = 20, warmup = 3): { ms: number; status: number | null } {
  const bin = join(repoRoot, "runner/bin/nexus.js");
  const samples: number[] = [];
  let status: number | null = 0;
  for (let i = 0; i < warmup + runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [bin, "--version"], { stdio: "ignore" });
    if (i >= warmup) samples.push(performance.now() - started);
    if (result.error) throw result.error;
    status = result.status;
  }
  return { ms: median(samples), status };
}
