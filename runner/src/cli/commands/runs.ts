import { resolve } from "node:path";
import { createFileRunStore } from "../../store/file-run-store.ts";
import { ExitCode, UsageError, type CliIO } from "../cli-io.ts";
import type { RunFlags } from "../flags.ts";

export const runsUsage = "nexus runs --state DIR [--json]";

/** `nexus runs`: the runs kept in a state directory, newest first. */
export async function runsCommand(io: CliIO, positionals: string[], flags: RunFlags): Promise<number> {
  if (positionals.length || flags.state === undefined) throw new UsageError(`usage: ${runsUsage}`);
  const runs = await createFileRunStore(resolve(io.cwd, flags.state)).list();
  if (flags.json) {
    io.stdout(JSON.stringify(runs.map((run) => ({ ...run, startedAt: iso(run.startedAt), finishedAt: run.finishedAt === undefined ? null : iso(run.finishedAt) })), null, 2) + "\n");
    return ExitCode.Ok;
  }
  if (!runs.length) return io.stdout(`no runs in ${flags.state}\n`), ExitCode.Ok;
  const rows = [["RUN ID", "FLOW", "STATUS", "STARTED"], ...runs.map((run) => [run.runId, run.flowId, run.status, iso(run.startedAt)])];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  io.stdout(rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n") + "\n");
  return ExitCode.Ok;
}

const iso = (time: number) => new Date(time).toISOString();
