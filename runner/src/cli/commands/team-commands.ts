/** `nexus team create`, `nexus token create|revoke`, `nexus runners [revoke ID]`, `nexus publish`. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { localConfigPath, writeLocalTeam } from "../../relay/local-config.ts";
import { createRelayClient } from "../../relay/relay-client.ts";
import { ExitCode, UsageError, type CliIO } from "../cli-io.ts";
import { parseRelayArgs, parseTtl, printJsonOr, relayClient, relayCommand, splitLabels } from "./relay-flags.ts";

export const teamUsage = "nexus team create --relay URL [--name NAME] [--setup-secret S] [--save] [--json]";
export const tokenUsage = "nexus token create --role admin|editor|viewer|runner [--labels a,b] [--ttl 1h] [--json] | nexus token revoke TOKEN_ID";
export const runnersUsage = "nexus runners [--json] | nexus runners revoke RUNNER_ID";
export const publishUsage = "nexus publish FLOW.json [--json]";

export async function teamCommand(io: CliIO, args: string[]): Promise<number> {
  const { values, positionals } = parseRelayArgs(args, { name: { type: "string" }, "setup-secret": { type: "string" }, save: { type: "boolean" } }, teamUsage);
  if (positionals[0] !== "create" || positionals.length > 1) throw new UsageError(`usage: ${teamUsage}`);
  if (!values.relay) throw new UsageError("give --relay URL: the control relay to create the team on");
  return relayCommand(io, async () => {
    const client = createRelayClient(values.relay as string, "none");
    const response = await fetch(`${client.relayUrl}/api/teams`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(values["setup-secret"] ? { "x-nexus-setup": values["setup-secret"] as string } : {}) },
      body: JSON.stringify({ name: values.name ?? "My team" }),
    }).catch((error: Error) => {
      throw new UsageError(`cannot reach the relay at ${client.relayUrl}: ${error.message}`);
    });
    const data = (await response.json()) as { teamId: string; adminToken: string; error?: { message: string } };
    if (!response.ok) return io.stderr(`the relay refused (${response.status}): ${data.error?.message}\n`), ExitCode.RunFailed;
    if (values.save) writeLocalTeam(localConfigPath(io.cwd), { relayUrl: client.relayUrl, teamId: data.teamId, adminToken: data.adminToken });
    printJsonOr(io, values.json, data, () => `team ${data.teamId} created.\nadmin token (shown once, keep it secret):\n${data.adminToken}\n${values.save ? "saved in .nexus/local.json\n" : ""}`);
    return ExitCode.Ok;
  });
}

export async function tokenCommand(io: CliIO, args: string[]): Promise<number> {
  const { values, positionals } = parseRelayArgs(args, { role: { type: "string" }, labels: { type: "string" }, ttl: { type: "string" } }, tokenUsage);
  const client = relayClient(io, values);
  return relayCommand(io, async () => {
    if (positionals[0] === "revoke" && positionals[1]) {
      const data = await client.request("DELETE", `/api/tokens/${encodeURIComponent(positionals[1])}`);
      printJsonOr(io, values.json, data, () => `token ${positionals[1]} revoked\n`);
      return ExitCode.Ok;
    }
    if (positionals[0] !== "create" || !values.role) throw new UsageError(`usage: ${tokenUsage}`);
    const body = { role: values.role, labels: splitLabels(values.labels as string | undefined), ...(values.ttl ? { ttlSeconds: parseTtl(values.ttl as string) } : {}) };
    const data = await client.request<{ token: string; tokenId: string; expiresAt: string }>("POST", "/api/tokens", body);
    const hint = values.role === "runner" ? `\nattach a runner with it (single use, until ${data.expiresAt}):\n  npx nexus runner --relay ${client.relayUrl} --token ${data.token}\n` : "";
    printJsonOr(io, values.json, data, () => `${data.token}\n(token ${data.tokenId}, role ${values.role}, expires ${data.expiresAt})\n${hint}`);
    return ExitCode.Ok;
  });
}

interface RunnerRow {
  id: string;
  name: string;
  labels: string[];
  slots: number;
  running: number;
  connected: boolean;
  version: string;
  lastSeenAt: string;
}

export async function runnersCommand(io: CliIO, args: string[]): Promise<number> {
  const { values, positionals } = parseRelayArgs(args, {}, runnersUsage);
  const client = relayClient(io, values);
  return relayCommand(io, async () => {
    if (positionals[0] === "revoke" && positionals[1]) {
      const data = await client.request("DELETE", `/api/runners/${encodeURIComponent(positionals[1])}`);
      printJsonOr(io, values.json, data, () => `runner ${positionals[1]} revoked\n`);
      return ExitCode.Ok;
    }
    if (positionals.length) throw new UsageError(`usage: ${runnersUsage}`);
    const data = await client.request<{ runners: RunnerRow[] }>("GET", "/api/runners");
    printJsonOr(io, values.json, data, () =>
      data.runners.length
        ? data.runners.map((r) => `${r.id}  ${r.name.padEnd(20)} ${r.connected ? "connected" : `last seen ${r.lastSeenAt}`}  ${r.running}/${r.slots} slots  labels: ${r.labels.join(",") || "-"}  v${r.version || "?"}\n`).join("")
        : "no runners yet: mint an enrollment token with `nexus token create --role runner`\n",
    );
    return ExitCode.Ok;
  });
}

export async function publishCommand(io: CliIO, args: string[]): Promise<number> {
  const { values, positionals } = parseRelayArgs(args, {}, publishUsage);
  if (positionals.length !== 1) throw new UsageError(`usage: ${publishUsage}`);
  const client = relayClient(io, values);
  let flow: { id?: unknown };
  try {
    flow = JSON.parse(readFileSync(resolve(io.cwd, positionals[0]!), "utf8")) as { id?: unknown };
  } catch (error) {
    throw new UsageError(`cannot read ${positionals[0]}: ${(error as Error).message}`);
  }
  if (typeof flow.id !== "string") throw new UsageError(`${positionals[0]}: id: the flow needs an id`);
  return relayCommand(io, async () => {
    const data = await client.request<{ flowId: string; version: number }>("PUT", `/api/flows/${encodeURIComponent(flow.id as string)}`, flow);
    printJsonOr(io, values.json, data, () => `published ${data.flowId} version ${data.version}\n`);
    return ExitCode.Ok;
  });
}
