import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { startRun } from "@nexus-flow/shared";
import { createFileRunStore } from "../../store/file-run-store.ts";
import { UsageError, type CliIO } from "../cli-io.ts";
import { executeRun } from "../execute-run.ts";
import { observableSteps } from "../observable-steps.ts";
import { readFlowFile, readRunInput } from "../read-input.ts";
import { approvalSignals } from "../signals.ts";
import type { RunFlags } from "../flags.ts";
import { resumeHint } from "./resume.ts";

export const runUsage = "nexus run FLOW.json [--input JSON | --input-file F] [--json] [--concurrency N] [--state DIR] [--durability fsync|none] [--approve ID] [--reject ID] [--config nexus-runner.json]";

/** `nexus run`: validates, then runs the flow here with live progress on stderr. */
export async function runCommand(io: CliIO, positionals: string[], flags: RunFlags): Promise<number> {
  const [file, ...rest] = positionals;
  if (!file || rest.length) throw new UsageError(`usage: ${runUsage}`);
  const compiled = readFlowFile(io.cwd, file);
  const input = readRunInput(io.cwd, flags.input, flags["input-file"], compiled.flow.settings?.maxPayloadBytes);
  const signals = approvalSignals(compiled.flow, flags.approve, flags.reject);
  const runId = randomUUID();
  const stateDir = flags.state === undefined ? undefined : resolve(io.cwd, flags.state);
  const writer = stateDir ? await createFileRunStore(stateDir, { durability: flags.durability, mustSync: observableSteps(compiled.flow) }).open(runId) : undefined;
  return executeRun({
    io,
    configFile: flags.config,
    writer,
    signals,
    json: flags.json ?? false,
    concurrency: flags.concurrency,
    start: (ports, options) => startRun({ compiled, runId, input }, ports, options),
    resumeHint: (id, waiting) => (stateDir ? resumeHint(id, flags.state!, waiting) : "give --approve or --reject (with --state DIR the run could be resumed later)"),
  });
}
