import { NexusError } from "@nexus-flow/shared";
import { ExitCode, UsageError, type CliIO } from "./cli-io.ts";
import { parseFlags, type RunFlags } from "./flags.ts";
import { cliVersion } from "./version.ts";

type Command = (io: CliIO, positionals: string[], flags: RunFlags) => Promise<number>;
interface CommandModule {
  readonly run: Command;
  readonly usage: string;
}

/** Commands that talk to the control relay parse their own flags (`--relay`, `--token`, …). */
type RelayCommand = (io: CliIO, args: string[]) => Promise<number>;
interface RelayCommandModule {
  readonly run: RelayCommand;
  readonly usage: string;
}

const relayCommands: Record<string, () => Promise<RelayCommandModule>> = {
  runner: async () => import("./commands/runner.ts").then((m) => ({ run: m.runnerCommand, usage: m.runnerUsage })),
  team: async () => import("./commands/team-commands.ts").then((m) => ({ run: m.teamCommand, usage: m.teamUsage })),
  token: async () => import("./commands/team-commands.ts").then((m) => ({ run: m.tokenCommand, usage: m.tokenUsage })),
  runners: async () => import("./commands/team-commands.ts").then((m) => ({ run: m.runnersCommand, usage: m.runnersUsage })),
  publish: async () => import("./commands/team-commands.ts").then((m) => ({ run: m.publishCommand, usage: m.publishUsage })),
  trigger: async () => import("./commands/trigger.ts").then((m) => ({ run: m.triggerCommand, usage: m.triggerUsage })),
};

/**
 * The commands, one line each. A command's module (and what it imports: the engine,
 * QuickJS, the store) loads only when that command runs, so `nexus --version` and usage
 * errors cost almost nothing. The bundler follows these imports.
 */
const commands: Record<string, () => Promise<CommandModule>> = {
  validate: async () => import("./commands/validate.ts").then((m) => ({ run: m.validateCommand, usage: m.validateUsage })),
  run: async () => import("./commands/run.ts").then((m) => ({ run: m.runCommand, usage: m.runUsage })),
  runs: async () => import("./commands/runs.ts").then((m) => ({ run: m.runsCommand, usage: m.runsUsage })),
  resume: async () => import("./commands/resume.ts").then((m) => ({ run: m.resumeCommand, usage: m.resumeUsage })),
  rerun: async () => import("./commands/rerun.ts").then((m) => ({ run: m.rerunCommand, usage: m.rerunUsage })),
};

async function usage(): Promise<string> {
  const modules = await Promise.all([...Object.values(commands), ...Object.values(relayCommands)].map((load) => load()));
  return `Nexus Flow: run workflow DAGs from the command line.

usage:
${modules.map((module) => `  ${module.usage}`).join("\n")}
  nexus --version

exit codes: 0 succeeded, 1 failed or cancelled, 2 invalid flow or usage, 3 waiting for approval, 70 internal error
`;
}

/**
 * The `nexus` CLI as a function of its arguments: tests call it in-process. Every failure
 * ends as a message and an exit code, never a stack trace (NEXUS_DEBUG=1 shows them).
 * @example await main(["validate", "flow.json"], io) // 0
 */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  try {
    if (name === "--version" || name === "version") return io.stdout(`${cliVersion()}\n`), ExitCode.Ok;
    if (!name || name === "help" || name === "--help" || name === "-h") return io.stdout(await usage()), ExitCode.Ok;
    const relay = Object.hasOwn(relayCommands, name) ? relayCommands[name] : undefined;
    if (relay) return await (await relay()).run(io, args);
    const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (!load) return io.stderr(`unknown command "${name}"\n\n${await usage()}`), ExitCode.Usage;
    const { positionals, flags } = parseFlags(args);
    if (flags.help) return io.stdout(await usage()), ExitCode.Ok;
    return await (await load()).run(io, positionals, flags);
  } catch (error) {
    return failure(io, error);
  }
}

function failure(io: CliIO, error: unknown): number {
  if (process.env.NEXUS_DEBUG) io.stderr(`${(error as Error)?.stack ?? error}\n`);
  if (error instanceof UsageError) return io.stderr(`${error.message}\n`), ExitCode.Usage;
  if (error instanceof NexusError) return io.stderr(`error: ${error.message}\n`), ExitCode.Usage;
  // A bug of ours, not a failed run: its own exit code (sysexits' EX_SOFTWARE), so scripts can tell.
  io.stderr(`internal error: ${error instanceof Error ? error.message : String(error)} (set NEXUS_DEBUG=1 for details)\n`);
  return ExitCode.InternalError;
}
