import { NexusError } from "@nexus-flow/shared";
import { ExitCode, UsageError, type CliIO } from "./cli-io.ts";
import { parseFlags, type RunFlags } from "./flags.ts";
import { validateCommand, validateUsage } from "./commands/validate.ts";
import { runCommand, runUsage } from "./commands/run.ts";
import { runsCommand, runsUsage } from "./commands/runs.ts";
import { resumeCommand, resumeUsage } from "./commands/resume.ts";
import { rerunCommand, rerunUsage } from "./commands/rerun.ts";

type Command = (io: CliIO, positionals: string[], flags: RunFlags) => Promise<number>;
/** Commands that talk to the control relay parse their own flags (`--relay`, `--token`, …). */
type RelayCommand = (io: CliIO, args: string[]) => Promise<number>;

const relayCommands: Record<string, () => Promise<{ run: RelayCommand; usage: string }>> = {
  runner: () => import("./commands/runner.ts").then((m) => ({ run: m.runnerCommand, usage: m.runnerUsage })),
  team: () => import("./commands/team-commands.ts").then((m) => ({ run: m.teamCommand, usage: m.teamUsage })),
  token: () => import("./commands/team-commands.ts").then((m) => ({ run: m.tokenCommand, usage: m.tokenUsage })),
  runners: () => import("./commands/team-commands.ts").then((m) => ({ run: m.runnersCommand, usage: m.runnersUsage })),
  publish: () => import("./commands/team-commands.ts").then((m) => ({ run: m.publishCommand, usage: m.publishUsage })),
  trigger: () => import("./commands/trigger.ts").then((m) => ({ run: m.triggerCommand, usage: m.triggerUsage })),
};

const commands: Record<string, Command> = {
  validate: validateCommand,
  run: runCommand,
  runs: runsCommand,
  resume: resumeCommand,
  rerun: rerunCommand,
};

const usage = `Nexus Flow: run workflow DAGs from the command line.

usage:
  ${validateUsage}
  ${runUsage}
  ${runsUsage}
  ${resumeUsage}
  ${rerunUsage}
  nexus runner | team create | token create | runners | publish | trigger   (the control relay; nexus <command> --help)

exit codes: 0 succeeded, 1 failed or cancelled, 2 invalid flow or usage, 3 waiting for approval
`;

/**
 * The `nexus` CLI as a function of its arguments: tests call it in-process. Every failure
 * ends as a message and an exit code, never a stack trace (NEXUS_DEBUG=1 shows them).
 * @example await main(["validate", "flow.json"], io) // 0
 */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") return io.stdout(usage), ExitCode.Ok;
  const relay = Object.hasOwn(relayCommands, name) ? relayCommands[name] : undefined;
  if (relay) {
    try {
      return await (await relay()).run(io, args);
    } catch (error) {
      return failure(io, error);
    }
  }
  const command = commands[name];
  if (!command) return io.stderr(`unknown command "${name}"\n\n${usage}`), ExitCode.Usage;
  try {
    const { positionals, flags } = parseFlags(args);
    if (flags.help) return io.stdout(usage), ExitCode.Ok;
    return await command(io, positionals, flags);
  } catch (error) {
    return failure(io, error);
  }
}

function failure(io: CliIO, error: unknown): number {
  if (process.env.NEXUS_DEBUG) io.stderr(`${(error as Error)?.stack ?? error}\n`);
  if (error instanceof UsageError) return io.stderr(`${error.message}\n`), ExitCode.Usage;
  if (error instanceof NexusError) return io.stderr(`error: ${error.message}\n`), ExitCode.Usage;
  io.stderr(`internal error: ${error instanceof Error ? error.message : String(error)} (set NEXUS_DEBUG=1 for details)\n`);
  return ExitCode.RunFailed;
}
