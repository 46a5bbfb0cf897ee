/**
 * `nexus runner --check`: tries each connection and each process node the config allows, and
 * says in words what works. Never prints a URL or a secret.
 */
import pg from "pg";
import { startRun, validateFlow, type JsonValue } from "@nexus-flow/shared";
import { systemClock } from "@nexus-flow/shared/platform";
import { resolveValue } from "../config/load-runner-config.ts";
import type { RunnerNodes } from "./runner-nodes.ts";

export interface CheckLine {
  readonly ok: boolean;
  readonly text: string;
}

export async function checkRunnerNodes(nodes: RunnerNodes): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  for (const [name, connection] of Object.entries(nodes.config.connections ?? {})) lines.push(await checkPostgres(name, connection.url, nodes.configFile));
  if (!Object.keys(nodes.config.connections ?? {}).length) lines.push({ ok: true, text: "connections: none configured" });
  const sandbox = nodes.host.bwrap ? "sandboxed with bubblewrap" : "NOT sandboxed (bubblewrap is not installed)";
  if (nodes.config.shell?.enabled) lines.push(await checkNode(nodes, "shell.exec", { command: "cat" }, { hello: "runner" }, `shell.exec: on, ${sandbox}, network ${nodes.config.shell.network ? "allowed" : "off"}`));
  else lines.push({ ok: true, text: 'shell.exec: off (enable it with "shell": {"enabled": true})' });
  if (nodes.offers.includes("node:python")) lines.push(await checkNode(nodes, "python", { code: "import sys\noutput = {**input, 'version': sys.version.split()[0]}" }, { hello: "runner" }, `python: on, ${sandbox}, network ${nodes.config.python?.network ? "allowed" : "off"}`));
  else lines.push({ ok: true, text: "python: off (it needs bubblewrap, or \"python\": {\"enabled\": true})" });
  lines.push(await checkDocker(nodes));
  return lines;
}

async function checkDocker(nodes: RunnerNodes): Promise<CheckLine> {
  if (!nodes.docker) return { ok: true, text: 'docker.run: off (enable it with "docker": {"allowedImages": ["busybox*"]})' };
  const answer = await nodes.docker.probe();
  if (!answer.ok) return { ok: false, text: `docker.run: FAILED: Docker is not available: ${answer.reason}` };
  const images = nodes.config.docker?.allowedImages ?? [];
  return { ok: images.length > 0, text: `docker.run: on, Docker ${answer.version} at ${nodes.docker.socket}, ${images.length ? `images ${images.join(", ")}` : "but no image is allowed (docker.allowedImages is empty)"}` };
}

async function checkPostgres(name: string, source: string, configFile: string): Promise<CheckLine> {
  const started = Date.now();
  let client: pg.Client | undefined;
  try {
    client = new pg.Client({ connectionString: resolveValue(source, configFile), connectionTimeoutMillis: 5_000, application_name: "nexus-runner-check" });
    client.on("error", () => {});
    await client.connect();
    const version = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v;
    return { ok: true, text: `connection ${name} (postgres): ok, PostgreSQL ${version}, answered in ${Date.now() - started} ms` };
  } catch (error) {
    return { ok: false, text: `connection ${name} (postgres): FAILED: ${(error as Error).message}` };
  } finally {
    await client?.end().catch(() => {});
  }
}

/** Runs one node of `type` through the engine with this runner's executors. */
async function checkNode(nodes: RunnerNodes, type: string, config: JsonValue, input: JsonValue, heading: string): Promise<CheckLine> {
  const document = { schemaVersion: 1, id: "check", name: "check", nodes: [{ id: "t", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} }, { id: "n", type, position: { x: 200, y: 0 }, config }], edges: [{ id: "e", source: "t", target: "n" }] };
  const valid = validateFlow(document);
  if (!valid.ok) return { ok: false, text: `${heading}: FAILED: the check flow is invalid` };
  const started = Date.now();
  const state = await startRun({ compiled: valid.compiled, runId: "check", input }, { clock: systemClock, executors: nodes.executors }).done;
  const record = state.nodes.n;
  if (record?.status === "succeeded") return { ok: true, text: `${heading}: ok in ${Date.now() - started} ms` };
  return { ok: false, text: `${heading}: FAILED: ${record?.error?.message ?? state.status}` };
}
