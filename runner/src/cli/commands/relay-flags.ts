/**
 * Flags every relay command takes (`--relay URL --token T --json`), with defaults from
 * `.nexus/local.json` (the local team `npm start` creates), plus each command's own.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { readLocalTeam } from "../../relay/local-config.ts";
import { createRelayClient, RelayError, type RelayClient } from "../../relay/relay-client.ts";
import { ExitCode, UsageError, type CliIO } from "../cli-io.ts";

const common = { relay: { type: "string" }, token: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;

export function parseRelayArgs<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], own: O, usage: string) {
  try {
    const parsed = parseArgs({ args, options: { ...common, ...own }, allowPositionals: true, strict: true });
    if ((parsed.values as { help?: boolean }).help) throw new UsageError(`usage: ${usage}`);
    return parsed;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${(error as Error).message.replace(/\. To specify a positional.*$/s, "")}\nusage: ${usage}`);
  }
}

/** The relay and token to use: flags first, then `.nexus/local.json`. */
export function relayClient(io: CliIO, values: { relay?: string | boolean; token?: string | boolean }): RelayClient {
  const local = readLocalTeam(io.cwd);
  const relayUrl = typeof values.relay === "string" ? values.relay : local?.relayUrl;
  const token = typeof values.token === "string" ? values.token : (process.env.NEXUS_TOKEN ?? local?.adminToken);
  if (!relayUrl) throw new UsageError("which relay? give --relay URL (or run `npm start`, which creates a local team in .nexus/local.json)");
  if (!token) throw new UsageError("no token: give --token T (or set NEXUS_TOKEN)");
  return createRelayClient(relayUrl, token);
}

/** Runs a relay command, turning the relay's refusals into words and exit codes. */
export async function relayCommand(io: CliIO, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof RelayError)) throw error;
    io.stderr(`${error.status ? `the relay refused (${error.status} ${error.code})` : "error"}: ${error.message}\n`);
    return error.status === 400 || error.status === 422 ? ExitCode.Usage : ExitCode.RunFailed;
  }
}

export function printJsonOr(io: CliIO, json: boolean | undefined, data: unknown, text: () => string): void {
  io.stdout(json ? JSON.stringify(data, null, 2) + "\n" : text());
}

export function parseTtl(text: string): number {
  const match = /^(\d+)\s*(s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new UsageError(`--ttl must look like 90s, 30m, 1h or 7d, got "${text}"`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? "s") as "s"];
}

export const splitLabels = (text: string | undefined): string[] => (text ? text.split(",").map((label) => label.trim()).filter(Boolean) : []);
