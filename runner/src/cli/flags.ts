import { parseArgs } from "node:util";
import { UsageError } from "./cli-io.ts";

const options = {
  input: { type: "string" },
  "input-file": { type: "string" },
  json: { type: "boolean" },
  concurrency: { type: "string" },
  state: { type: "string" },
  approve: { type: "string", multiple: true },
  reject: { type: "string", multiple: true },
  from: { type: "string" },
  flow: { type: "string" },
  durability: { type: "string" },
  config: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export interface RunFlags {
  input?: string;
  "input-file"?: string;
  json?: boolean;
  concurrency?: number;
  state?: string;
  approve?: string[];
  reject?: string[];
  from?: string;
  flow?: string;
  /** How hard `--state` logs are pushed to the disk: `fsync` each step (default) or `none`. */
  durability?: "fsync" | "none";
  /** The runner config (`nexus-runner.json`): connections and process nodes, run in-process. */
  config?: string;
  help?: boolean;
}

/** Parses the command line; unknown options and bad numbers are usage errors. */
export function parseFlags(args: string[]): { positionals: string[]; flags: RunFlags } {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ""));
  }
  const { concurrency, durability, ...rest } = parsed.values;
  const flags: RunFlags = rest;
  if (durability !== undefined) {
    if (durability !== "fsync" && durability !== "none") throw new UsageError(`--durability must be "fsync" (each step on disk before the run goes on) or "none", got "${durability}"`);
    flags.durability = durability;
  }
  if (concurrency !== undefined) {
    const value = Number(concurrency);
    if (!Number.isInteger(value) || value < 1 || value > 1024) throw new UsageError(`--concurrency must be a whole number from 1 to 1024, got "${concurrency}"`);
    flags.concurrency = value;
  }
  return { positionals: parsed.positionals, flags };
}
