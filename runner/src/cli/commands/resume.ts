import { resolve } from "node:path";
import { foldRunLog, resumeRun } from "@nexus-flow/shared";
import { createFileRunStore } from "../../store/file-run-store.ts";
import { UsageError, type CliIO } from "../cli-io.ts";
import { executeRun } from "../execute-run.ts";
import { observableSteps } from "../observable-steps.ts";
import { approvalSignals } from "../signals.ts";
import type { RunFlags } from "../flags.ts";

export const resumeUsage = "nexus resume RUN_ID --state DIR [--durability fsync|none] [--json] [--concurrency N] [--approve ID] [--reject ID]";

/**
 * `nexus resume`: continues a run from its log after its process died: finished nodes keep
 * their results, nodes that were in flight run again under the same idempotency key.
 */
export async function resumeCommand(io: CliIO, positionals: string[], flags: RunFlags): Promise<number> {
  const [prefix, ...rest] = positionals;
  if (!prefix || rest.length || flags.state === undefined) throw new UsageError(`usage: ${resumeUsage}`);
  const dir = resolve(io.cwd, flags.state);
  const store = createFileRunStore(dir);
  const runId = await store.resolve(prefix);
  const log = await store.read(runId);
  const state = foldRunLog(log);
  const signals = approvalSignals(state.flow, flags.approve, flags.reject);
  const writer = state.status === "running" ? await createFileRunStore(dir, { durability: flags.durability, mustSync: observableSteps(state.flow) }).open(runId, log) : undefined;
  return executeRun({
    io,
    configFile: flags.config,
    writer,
    signals,
    json: flags.json ?? false,
    concurrency: flags.concurrency,
    header: { text: `run ${runId} resumed: flow "${state.flow.name}" (${state.status === "running" ? "in progress" : `already ${state.status}`})`, startedAt: state.startedAt },
    start: (ports, options) => resumeRun(log, ports, options),
    resumeHint: (id, waiting) => resumeHint(id, flags.state!, waiting),
  });
}

export function resumeHint(runId: string, stateDir: string, waiting: readonly string[]): string {
  return `continue it with: nexus resume ${runId} --state ${stateDir} --approve ${waiting[0]} (or --reject)`;
}
