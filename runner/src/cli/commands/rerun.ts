import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { foldRunLog, formatIssue, planRerun, startRun, validateFlow } from "@nexus-flow/shared";
import { createFileRunStore } from "../../store/file-run-store.ts";
import { UsageError, type CliIO } from "../cli-io.ts";
import { executeRun } from "../execute-run.ts";
import { observableSteps } from "../observable-steps.ts";
import { readFlowFile } from "../read-input.ts";
import { approvalSignals } from "../signals.ts";
import type { RunFlags } from "../flags.ts";
import { resumeHint } from "./resume.ts";

export const rerunUsage = "nexus rerun RUN_ID --from NODE --state DIR [--durability fsync|none] [--flow FLOW.json] [--json] [--approve ID] [--reject ID]";

/**
 * `nexus rerun`: a new run that starts again at `--from`, reusing the recorded results of
 * everything else. `--flow` re-runs an edited flow (fix a node, re-run from it).
 */
export async function rerunCommand(io: CliIO, positionals: string[], flags: RunFlags): Promise<number> {
  const [prefix, ...rest] = positionals;
  if (!prefix || rest.length || flags.state === undefined || !flags.from) throw new UsageError(`usage: ${rerunUsage}`);
  const dir = resolve(io.cwd, flags.state);
  const store = createFileRunStore(dir);
  const source = foldRunLog(await store.read(await store.resolve(prefix)));
  const compiled = flags.flow ? readFlowFile(io.cwd, flags.flow) : compiledFromLog(source.flow);
  const plan = planRerun(source, compiled, flags.from);
  const runId = randomUUID();
  const writer = await createFileRunStore(dir, { durability: flags.durability, mustSync: observableSteps(compiled.flow) }).open(runId);
  return executeRun({
    io,
    configFile: flags.config,
    writer,
    signals: approvalSignals(compiled.flow, flags.approve, flags.reject),
    json: flags.json ?? false,
    concurrency: flags.concurrency,
    start: (ports, options) => startRun({ compiled, runId, input: source.input, ...plan }, ports, options),
    resumeHint: (id, waiting) => resumeHint(id, flags.state!, waiting),
  });
}

function compiledFromLog(flow: unknown) {
  const result = validateFlow(flow);
  if (!result.ok) throw new UsageError(`the run's flow is invalid: ${result.issues.map(formatIssue).join("; ")}`);
  return result.compiled;
}
