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
  const { concurrency, ...rest } = parsed.values;
  const flags: RunFlags = rest;
  if (concurrency !== undefined) {
    const value = Number(concurrency);
    if (!Number.isInteger(value) || value < 1 || value > 1024) throw new UsageError(`--concurrency must be a whole number from 1 to 1024, got "${concurrency}"`);
    flags.concurrency = value;
  }
  return { positionals: parsed.positionals, flags };
}
