/**
 * Node types that only a runner can execute (PostgreSQL, processes). Their definitions live
 * here so the validator, the JSON Schema and the palette know them everywhere; their
 * executors live in `runner/src/nodes/` and are handed to the engine as `executors` by the
 * hosts that have them. A host without them fails such a node with NO_EXECUTOR.
 */
import * as z from "zod/mini";
import type { JsonValue } from "../json.ts";
import { defineNode, NodeBehaviour, singlePorts, type NodeExecution } from "./node-definition.ts";
import { evaluateTemplates } from "./code-scope.ts";
import { renderJsonTemplates } from "./render-template.ts";

/** A connection name as a runner's config declares it (`connections.<name>`). */
export const connectionNameSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, "a connection name is 1–64 letters, digits, '_' or '-'"));

const timeoutMs = z.optional(z.int().check(z.minimum(1), z.maximum(7 * 24 * 3_600_000)));

export const dbQueryConfig = z.strictObject({
  connection: connectionNameSchema,
  sql: z.string().check(z.minLength(1), z.maxLength(1_000_000)),
  params: z.optional(z.array(z.json()).check(z.maxLength(10_000))),
  mode: z.optional(z.enum(["rows", "execute"])),
  maxRows: z.optional(z.int().check(z.minimum(1), z.maximum(10_000_000))),
  timeoutMs,
});
export type DbQueryConfig = z.infer<typeof dbQueryConfig>;

export const dbQueryDefaults = { mode: "rows", maxRows: 1_000 } as const;

/** Runs one SQL statement on a PostgreSQL connection the runner's config names. */
export const dbQuery = defineNode({
  type: "db.query",
  title: "Database query",
  group: "Runner",
  description: "Runs SQL on a PostgreSQL connection named in the runner's config; `{{ }}` templates only in params ($1, $2…). Outputs { rows, rowCount, fields }.",
  config: dbQueryConfig,
  behaviour: NodeBehaviour.Task,
  ...singlePorts,
  runsOn: "runner",
});

export const shellExecConfig = z.strictObject({
  command: z.string().check(z.minLength(1), z.maxLength(10_000)),
  args: z.optional(z.array(z.string().check(z.maxLength(100_000))).check(z.maxLength(1_000))),
  env: z.optional(z.record(z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name")), z.string())),
  output: z.optional(z.enum(["text", "json"])),
  timeoutMs,
});
export type ShellExecConfig = z.infer<typeof shellExecConfig>;

/** Runs a program on the runner (bubblewrap sandbox when present); stdin is the input as JSON. */
export const shellExec = defineNode({
  type: "shell.exec",
  title: "Shell command",
  group: "Runner",
  description: "Runs a command on the runner (off unless its config enables it) with the input as JSON on stdin. Outputs { exitCode, stdout, stderr }, or stdout parsed with output: json.",
  config: shellExecConfig,
  behaviour: NodeBehaviour.Task,
  ...singlePorts,
  runsOn: "runner",
});

export const pythonConfig = z.strictObject({
  code: z.string().check(z.maxLength(1_000_000)),
  timeoutMs,
  memoryMb: z.optional(z.int().check(z.minimum(16), z.maximum(65_536))),
});
export type PythonConfig = z.infer<typeof pythonConfig>;

/** Runs a Python body on the runner's python3 in the sandbox; JSON in and out. */
export const python = defineNode({
  type: "python",
  title: "Python",
  group: "Runner",
  description: "Runs Python on the runner with `input` (a dict) in scope; set `output` or return a value.",
  config: pythonConfig,
  behaviour: NodeBehaviour.Task,
  ...singlePorts,
  runsOn: "runner",
});

export const dockerRunConfig = z.strictObject({
  /** Must match one of the runner's `docker.allowedImages` globs. */
  image: z.string().check(z.minLength(1), z.maxLength(512)),
  /** The container's command, exec form (no shell unless you name one); default: the image's. */
  command: z.optional(z.array(z.string().check(z.maxLength(100_000))).check(z.maxLength(1_000))),
  env: z.optional(z.record(z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name")), z.string())),
  /** Text for the container's stdin; default: the node's input as JSON. */
  stdin: z.optional(z.string().check(z.maxLength(64 * 1024 * 1024))),
  output: z.optional(z.enum(["text", "json"])),
  timeoutMs,
  memoryMb: z.optional(z.int().check(z.minimum(6), z.maximum(1_048_576))),
  cpus: z.optional(z.number().check(z.minimum(0.01), z.maximum(1_024))),
  /** `none` (default), `host`, or a network name the runner's `docker.networks` allows. */
  network: z.optional(z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, "a Docker network name"))),
  /** `never` (default): the image must be on the runner already. */
  pull: z.optional(z.enum(["never", "missing", "always"])),
});
export type DockerRunConfig = z.infer<typeof dockerRunConfig>;

export const dockerRunDefaults = { memoryMb: 256, network: "none", pull: "never", output: "text" } as const;

/** Runs one container on the runner's Docker engine; stdin is the input as JSON. */
export const dockerRun = defineNode({
  type: "docker.run",
  title: "Docker container",
  group: "Runner",
  description: "Runs a container from an image the runner allows (no network, 256 MB by default) with the input as JSON on stdin. Outputs { exitCode, stdout, stderr }, or stdout parsed with output: json.",
  config: dockerRunConfig,
  behaviour: NodeBehaviour.Task,
  ...singlePorts,
  runsOn: "runner",
});

/**
 * What a node needs from the runner that runs it, as names a runner advertises in `hello`
 * and a job asks for (the hub's `connections`): the connection it names, or the capability
 * of its type. Capabilities are `node:<type>`, which no connection name can be.
 * @example runnerNeeds({ type: "db.query", config: { connection: "warehouse" } }) // ["warehouse"]
 */
export function runnerNeeds(node: { type: string; config?: unknown }): string[] {
  if (node.type === "db.query") {
    const connection = (node.config as { connection?: unknown } | undefined)?.connection;
    return typeof connection === "string" ? [connection] : [];
  }
  return capabilityTypes.has(node.type) ? [capabilityName(node.type)] : [];
}

/** Node types a runner offers only when its config and machine allow them. */
const capabilityTypes = new Set(["shell.exec", "python", "docker.run"]);
export const capabilityName = (type: string) => `node:${type}`;

/** `params` with their `{{ }}` templates filled in from the sandbox; the SQL is never touched. */
export async function renderQueryParams(execution: NodeExecution<DbQueryConfig>): Promise<JsonValue[]> {
  const params = execution.config.params ?? [];
  if (!params.some(hasTemplate)) return params as JsonValue[];
  const render = (evaluate: (expression: string) => JsonValue) => params.map((param) => renderJsonTemplates(param as JsonValue, evaluate));
  return render(await evaluateTemplates(execution, render));
}

function hasTemplate(value: unknown): boolean {
  if (typeof value === "string") return value.includes("{{");
  if (Array.isArray(value)) return value.some(hasTemplate);
  return value !== null && typeof value === "object" && Object.values(value).some(hasTemplate);
}
