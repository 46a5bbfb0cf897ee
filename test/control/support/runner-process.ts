/** A real `nexus runner` process attached to a test relay, in a state directory of its own. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDevProcess, type DevProcess } from "../../support/dev-process.ts";
import { repoRoot } from "./wrangler-dev.ts";

export interface RunnerProcess extends DevProcess {
  readonly name: string;
  readonly stateDir: string;
  /** Resolves once the runner says it is connected (the first time, or again after `count` connections). */
  connected(count?: number): Promise<void>;
  dispose(): Promise<void>;
}

export async function startRunner(relayUrl: string, enrollmentToken: string | undefined, options: { name: string; labels?: string[]; concurrency?: number; stateDir?: string; extraArgs?: string[] }): Promise<RunnerProcess> {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), "nexus-runner-"));
  // NEXUS_BENCH_RUNNER_NODE_ARGS: Node flags for the runners (`--cpu-prof --cpu-prof-dir=…` while profiling them).
  const nodeArgs = process.env.NEXUS_BENCH_RUNNER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const args = [...nodeArgs, join(repoRoot, "runner/bin/nexus.js"), "runner", "--relay", relayUrl, "--name", options.name, "--state-dir", stateDir, "--grace", "2"];
  if (enrollmentToken) args.push("--token", enrollmentToken);
  if (options.labels?.length) args.push("--labels", options.labels.join(","));
  if (options.concurrency) args.push("--concurrency", String(options.concurrency));
  args.push(...(options.extraArgs ?? []));
  const process_ = startDevProcess(process.execPath, args, { cwd: stateDir });
  return {
    ...process_,
    name: options.name,
    stateDir,
    connected: async (count = 1) => {
      await process_.waitForOutput(new RegExp(`(connected to the relay|reconnected to the relay)[\\s\\S]*`.repeat(count)), 30_000);
    },
    async dispose() {
      await process_.stop(3_000);
      if (!options.stateDir) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
