/**
 * `nexus runner`: attaches this machine to the team as a runner. The first start enrolls with a
 * single-use enrollment token and keeps the runner's own credential in its state directory;
 * later starts need no token. SIGTERM / Ctrl-C: stop taking jobs, finish or hand back the held
 * ones, exit.
 */
import { hostname } from "node:os";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import WebSocket from "ws";
import type { FlowNode } from "@nexus-flow/shared";
import { createFetchHttpClient, createHubSubmitter, remoteNodeExecutor } from "@nexus-flow/shared/platform";
import { RunnerAgent } from "../../agent/runner-agent.ts";
import { metricsText, serveMetrics } from "../../agent/runner-metrics.ts";
import { readCredential, writeCredential, type RunnerCredential } from "../../agent/credential-store.ts";
import { readLocalTeam } from "../../relay/local-config.ts";
import { createRelayClient } from "../../relay/relay-client.ts";
import { loadSandbox } from "../../sandbox/load-quickjs.ts";
import { ExitCode, UsageError, type CliIO } from "../cli-io.ts";
import { bufferedOutput } from "../buffered-output.ts";
import { parseRelayArgs, relayCommand, splitLabels } from "./relay-flags.ts";
import { runnerVersion } from "../../agent/runner-version.ts";
import { loadRunnerConfig } from "../../config/load-runner-config.ts";
import { checkRunnerNodes } from "../../nodes/check-runner-nodes.ts";
import { createRunnerNodes, type RunnerNodes } from "../../nodes/runner-nodes.ts";
import { createNotificationChannels } from "../../notify/notification-channels.ts";

export const runnerUsage = "nexus runner [--relay URL] [--token ENROLLMENT_TOKEN] [--name N] [--labels a,b] [--concurrency N] [--once] [--state-dir DIR] [--grace SECONDS] [--config nexus-runner.json] [--check] [--metrics-port P [--metrics-host H]]";

export async function runnerCommand(io: CliIO, args: string[]): Promise<number> {
  const { values, positionals } = parseRelayArgs(
    args,
    { name: { type: "string" }, labels: { type: "string" }, concurrency: { type: "string" }, once: { type: "boolean" }, "state-dir": { type: "string" }, grace: { type: "string" }, config: { type: "string" }, check: { type: "boolean" }, "metrics-port": { type: "string" }, "metrics-host": { type: "string" } },
    runnerUsage,
  );
  if (positionals.length) throw new UsageError(`usage: ${runnerUsage}`);
  const slots = Number(values.concurrency ?? 4);
  if (!Number.isInteger(slots) || slots < 1 || slots > 1000) throw new UsageError(`--concurrency must be a whole number from 1 to 1000, got "${values.concurrency}"`);
  const stateDir = resolve(io.cwd, (values["state-dir"] as string | undefined) ?? ".nexus/runner");
  const name = (values.name as string | undefined) ?? hostname();
  const labels = splitLabels(values.labels as string | undefined);
  const configFile = values.config as string | undefined;
  const metricsPort = values["metrics-port"] === undefined ? undefined : Number(values["metrics-port"]);
  if (metricsPort !== undefined && (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535)) throw new UsageError(`--metrics-port must be a port number (0–65535), got "${values["metrics-port"]}"`);
  const loaded = configFile ? loadRunnerConfig(resolve(io.cwd, configFile)) : undefined;
  const nodes = createRunnerNodes(loaded, name);
  if (values.check) return checkCommand(io, nodes, configFile);
  // What the runner says goes out once per event-loop turn, not a write per line: at 10,000
  // jobs/s a runner says two lines a job, and their writes were a quarter of its CPU time.
  const out = bufferedOutput(io.stderr);
  const say = (line: string) => out.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  return relayCommand(io, () => attach().finally(() => out.flush()));

  async function attach(): Promise<number> {
    const credential = await credentialFor(io, stateDir, { relay: values.relay as string | undefined, token: values.token as string | undefined, name, labels });
    await nodes.start(say);
    const client = createRelayClient(credential.relayUrl, credential.token);
    const submitter = createHubSubmitter({ url: `${client.socketUrl("/api/jobs/connect")}?token=${encodeURIComponent(credential.token)}`, WebSocket: WebSocket as never });
    // A node asking for labels, a connection or a capability this runner lacks is handed to one that has them.
    const executorFor = (node: FlowNode) => ((node.runner && !node.runner.labels.every((label) => labels.includes(label))) || nodes.lacks(node) ? remoteNodeExecutor(submitter, node) : undefined);
    // Notification channels are offered like connections (`notify:<name>`): the hub learns only names.
    const channels = createNotificationChannels(loaded, credential.relayUrl);
    const offers = [...nodes.offers, ...channels.offers];
    const agent = new RunnerAgent({
      socketUrl: client.socketUrl("/api/runners/connect"),
      token: credential.token,
      name,
      labels,
      slots,
      version: runnerVersion,
      connections: offers,
      notify: (payload, signal) => channels.send(payload, signal),
      executors: nodes.executors,
      once: values.once ?? false,
      services: { sandbox: await loadSandbox(), http: createFetchHttpClient() },
      executorFor,
      say,
    });
    // Docker going away (or coming back) changes what the hub may offer this runner: say so at once.
    nodes.onOffersChange((offers) => {
      say(`now offering ${offers.length ? offers.join(", ") : "nothing beyond plain nodes"}`);
      agent.advertise(offers);
    });
    const graceMs = Number(values.grace ?? 30) * 1000;
    const stopListening = io.onInterrupt?.(() => void agent.drain(graceMs));
    // Loopback unless told otherwise: the numbers say what this machine runs, which is not for everyone.
    const metrics = metricsPort === undefined ? undefined : await serveMetrics(metricsPort, (values["metrics-host"] as string | undefined) ?? "127.0.0.1", () => metricsText(agent.counters, name));
    if (metrics) say(`metrics at http://${(values["metrics-host"] as string | undefined) ?? "127.0.0.1"}:${(metrics.address() as AddressInfo).port}/metrics`);
    say(`runner "${name}" (${credential.runnerId}) attaching to ${credential.relayUrl} with ${slots} slot(s)${labels.length ? `, labels ${labels.join(", ")}` : ""}${offers.length ? `, offering ${offers.join(", ")}` : ""}`);
    agent.start();
    const reason = await agent.stopped;
    submitter.close();
    metrics?.close();
    await nodes.close();
    stopListening?.();
    say(reason);
    return reason === "stopped" || reason.startsWith("took one job") ? ExitCode.Ok : ExitCode.RunFailed;
  }
}

/** `--check`: validates the config (already done by loading it) and tries each connection and process node. */
async function checkCommand(io: CliIO, nodes: RunnerNodes, configFile: string | undefined): Promise<number> {
  io.stdout(configFile ? `${nodes.configFile}: valid\n` : "no --config given: checking what this runner offers without one\n");
  const lines = await checkRunnerNodes(nodes);
  await nodes.close();
  for (const line of lines) io.stdout(`${line.ok ? "ok  " : "FAIL"} ${line.text}\n`);
  const failed = lines.filter((line) => !line.ok).length;
  io.stdout(failed ? `${failed} problem(s) found\n` : "everything answered\n");
  return failed ? ExitCode.RunFailed : ExitCode.Ok;
}

/** The stored credential, or a new one bought with an enrollment token (minted with the local admin token when there is one). */
async function credentialFor(io: CliIO, stateDir: string, request: { relay?: string; token?: string; name: string; labels: string[] }): Promise<RunnerCredential> {
  const local = readLocalTeam(io.cwd);
  const relayUrl = (request.relay ?? local?.relayUrl)?.replace(/\/+$/, "");
  const stored = readCredential(stateDir);
  if (stored && (!relayUrl || stored.relayUrl === relayUrl)) return stored;
  if (!relayUrl) throw new UsageError("which relay? give --relay URL (or run `npm start`, which creates a local team)");
  let enrollment = request.token;
  if (!enrollment && local?.adminToken && local.relayUrl === relayUrl) {
    enrollment = (await createRelayClient(relayUrl, local.adminToken).request<{ token: string }>("POST", "/api/tokens", { role: "runner" })).token;
  }
  if (!enrollment) throw new UsageError("this runner is not enrolled yet: give --token with an enrollment token (`nexus token create --role runner`)");
  const enrolled = await createRelayClient(relayUrl, enrollment).request<{ runnerId: string; token: string }>("POST", "/api/runners/enroll", { name: request.name, labels: request.labels });
  const credential = { relayUrl, runnerId: enrolled.runnerId, name: request.name, token: enrolled.token };
  writeCredential(stateDir, credential);
  io.stderr(`enrolled as runner ${enrolled.runnerId}; its credential is kept in ${stateDir}\n`);
  return credential;
}
