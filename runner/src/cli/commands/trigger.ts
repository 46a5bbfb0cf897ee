/**
 * `nexus trigger FLOW_ID`: starts a headless run of the flow's published version on the team's
 * runners. `--wait` follows the run's events live (one line per node status change on stderr,
 * as `nexus run` prints them) and exits like `nexus run`.
 */
import WebSocket from "ws";
import { parseJsonText, type RunEvent } from "@nexus-flow/shared";
import { ExitCode, UsageError, type CliIO } from "../cli-io.ts";
import { parseRelayArgs, printJsonOr, relayClient, relayCommand } from "./relay-flags.ts";
import type { RelayClient } from "../../relay/relay-client.ts";

export const triggerUsage = "nexus trigger FLOW_ID [--input JSON] [--version N] [--wait] [--json]";

export async function triggerCommand(io: CliIO, args: string[]): Promise<number> {
  const { values, positionals } = parseRelayArgs(args, { input: { type: "string" }, version: { type: "string" }, wait: { type: "boolean" } }, triggerUsage);
  if (positionals.length !== 1) throw new UsageError(`usage: ${triggerUsage}`);
  let input: unknown = null;
  if (typeof values.input === "string") {
    const parsed = parseJsonText(values.input);
    if (!parsed.ok) throw new UsageError(`--input: ${parsed.message}`);
    input = parsed.value;
  }
  const client = relayClient(io, values);
  return relayCommand(io, async () => {
    const body = { input, ...(values.version ? { version: Number(values.version) } : {}) };
    const { runId } = await client.request<{ runId: string }>("POST", `/api/flows/${encodeURIComponent(positionals[0]!)}/runs`, body);
    if (!values.wait) {
      printJsonOr(io, values.json, { runId }, () => `${runId}\n`);
      return ExitCode.Ok;
    }
    io.stderr(`run ${runId} started on the team's runners\n`);
    await followRun(io, client, runId);
    const run = await client.request<{ status: string; error?: { message: string } }>("GET", `/api/runs/${runId}`);
    printJsonOr(io, values.json, run, () => `run ${runId} ${run.status}${run.error ? `: ${run.error.message}` : ""}\n`);
    return run.status === "succeeded" ? ExitCode.Ok : run.status === "waiting" ? ExitCode.WaitingForApproval : ExitCode.RunFailed;
  });
}

/** Prints the run's events until it ends (or parks, waiting for an approval). */
function followRun(io: CliIO, client: RelayClient, runId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(client.socketUrl(`/api/runs/${runId}/events`), { headers: { authorization: `Bearer ${client.token}` } });
    socket.on("message", (data) => {
      const stored = JSON.parse(String(data)) as { type?: string; entry?: RunEvent | { note: { text: string } }; runner?: string | null };
      if (stored.type === "end") {
        socket.terminate(); // the hub closed its side already; waiting for the handshake only delays
        return resolve();
      }
      const entry = stored.entry;
      if (!entry) return;
      if ("note" in entry) return io.stderr(`  ${entry.note.text}\n`);
      const line = describeEvent(entry, stored.runner ?? undefined);
      if (line) io.stderr(`  ${line}\n`);
      if (entry.type === "node.waiting" && entry.reason === "approval") setTimeout(() => socket.close(), 500);
    });
    socket.on("close", () => resolve());
    socket.on("error", (error) => reject(new UsageError(`cannot follow the run: ${error.message}`)));
  });
}

function describeEvent(event: RunEvent, runner: string | undefined): string | undefined {
  const on = runner ? ` on ${runner}` : "";
  switch (event.type) {
    case "node.started":
      return `${event.nodeId}: running${event.attempt > 1 ? ` (attempt ${event.attempt})` : ""}${on}`;
    case "node.succeeded":
      return `${event.nodeId}: succeeded`;
    case "node.failed":
      return `${event.nodeId}: ${event.retryAt ? "failed, will retry" : "failed"}: ${event.error.message}`;
    case "node.waiting":
      return `${event.nodeId}: waiting for ${event.reason === "approval" ? "approval" : "its delay"}`;
    case "node.skipped":
      return `${event.nodeId}: skipped`;
    case "run.finished":
      return `run ${event.status}`;
    default:
      return undefined;
  }
}
