/**
 * The `docker.run` executor: checks the image and network against the runner's config, makes
 * sure the image is there (pull: never by default: nothing is fetched unasked), runs the
 * container (run-container.ts) and turns how it ended into the node's output or an error
 * that names the node.
 */
import { hostname } from "node:os";
import type Docker from "dockerode";
import { dockerRunDefaults, ErrorCode, NexusError, type DockerRunConfig, type JsonValue, type NodeExecution, type NodeExecutor } from "@nexus-flow/shared";
import type { DockerConfig } from "../../config/runner-config.ts";
import { processDefaults } from "../process-host.ts";
import { tail } from "../run-sandboxed.ts";
import type { DockerEngine } from "./docker-engine.ts";
import { refuseUnlessAllowed } from "./docker-images.ts";
import { runContainer, type ContainerResult } from "./run-container.ts";

export interface DockerRunSetup {
  readonly config: DockerConfig | undefined;
  /** Undefined when the config has no (enabled) `docker` section. */
  readonly engine: DockerEngine | undefined;
  readonly runnerName: string;
  readonly configFile: string;
}

/** Labels every container of ours carries: the start-up sweep finds a crashed owner's leftovers by them. */
export const jobLabel = "nexus.job";
export const ownerLabel = "nexus.owner";
export const ownerId = () => `${hostname()}:${process.pid}`;

export function dockerRunExecutor(setup: DockerRunSetup): NodeExecutor {
  return async (execution) => {
    const node = execution.config as DockerRunConfig;
    const { config, engine, runnerName } = setup;
    if (!config || config.enabled === false || !engine) {
      throw new NexusError({ code: ErrorCode.NoExecutor, message: `docker.run is off on runner ${runnerName}: its config needs a "docker" section with allowedImages`, retryable: false });
    }
    refuseUnlessAllowed(node, config, setup);
    const docker = await engine.client();
    const result = await guard(engine, execution.nodeId, async () => {
      await ensureImage(docker, node, runnerName);
      return runContainer(docker, {
        image: node.image,
        command: node.command,
        env: node.env ?? {},
        stdin: node.stdin ?? JSON.stringify(execution.input ?? null),
        labels: { [jobLabel]: `${execution.idempotencyKey}:${execution.attempt}`, [ownerLabel]: ownerId(), "nexus.runner": runnerName },
        memoryMb: node.memoryMb ?? dockerRunDefaults.memoryMb,
        cpus: node.cpus,
        network: node.network ?? dockerRunDefaults.network,
        timeoutMs: Math.min(node.timeoutMs ?? Infinity, config.timeoutMs ?? processDefaults.timeoutMs),
        maxOutputBytes: config.maxOutputBytes ?? processDefaults.maxOutputBytes,
        graceSeconds: 2,
        signal: execution.signal,
        onLine: (stream, text) => execution.services.log?.({ nodeId: execution.nodeId, stream, text }),
      });
    });
    return { output: outcome(execution, node, result) };
  };
}

/** Runs `work`; an error saying the engine went away becomes DOCKER_UNAVAILABLE (and the runner stops offering Docker). */
async function guard<T>(engine: DockerEngine, nodeId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    engine.check(error);
    if (error instanceof NexusError) throw error;
    throw new NexusError({ code: "DOCKER_ERROR", message: `docker.run "${nodeId}": Docker said: ${dockerMessage(error)}`, retryable: false });
  }
}

async function ensureImage(docker: Docker, node: DockerRunConfig, runnerName: string): Promise<void> {
  const pull = node.pull ?? dockerRunDefaults.pull;
  const present = pull === "always" ? false : await docker.getImage(node.image).inspect().then(() => true, (error: { statusCode?: number }) => (error.statusCode === 404 ? false : Promise.reject(error)));
  if (present) return;
  if (pull === "never") {
    throw new NexusError({ code: "IMAGE_MISSING", message: `image "${node.image}" is not on runner ${runnerName} and pull is "never": load it there (docker load, docker import), or set pull to "missing"`, retryable: false });
  }
  try {
    const stream = await docker.pull(node.image);
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error) => (error ? reject(error) : resolve())));
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === undefined && (error as { code?: string }).code) throw error;
    throw new NexusError({ code: "IMAGE_PULL_FAILED", message: `cannot pull image "${node.image}" on runner ${runnerName}: ${dockerMessage(error)}`, retryable: true });
  }
}

function outcome(execution: NodeExecution<unknown>, node: DockerRunConfig, result: ContainerResult): JsonValue {
  const memoryMb = node.memoryMb ?? dockerRunDefaults.memoryMb;
  if (result.oomKilled) throw new NexusError({ code: "OUT_OF_MEMORY", message: `docker.run "${execution.nodeId}": container was killed: out of memory (limit ${memoryMb} MB)`, retryable: false });
  if (result.exitCode !== 0) {
    const stderr = tail(result.stderr);
    throw new NexusError({ code: "PROCESS_FAILED", message: `docker.run "${execution.nodeId}": container of ${node.image} exited with code ${result.exitCode}${stderr ? `:\n${stderr}` : ""}`, retryable: false });
  }
  if ((node.output ?? dockerRunDefaults.output) === "text") return { exitCode: 0, stdout: result.stdout, stderr: result.stderr };
  try {
    return JSON.parse(result.stdout) as JsonValue;
  } catch {
    // V8's parse message quotes the whole text: the first 80 characters say enough.
    const start = result.stdout.slice(0, 80);
    throw new NexusError({ code: "OUTPUT_NOT_JSON", message: `docker.run "${execution.nodeId}": the container's stdout is not JSON (output: json); ${start ? `it began with ${JSON.stringify(start)}` : "it printed nothing"}`, retryable: false });
  }
}

/** Docker's own sentence, without dockerode's `(HTTP code 500) server error - ` in front. */
function dockerMessage(error: unknown): string {
  const json = (error as { json?: { message?: string } }).json;
  return (json?.message ?? (error as Error).message).replace(/^\(HTTP code \d+\) [^-]*- /, "").trim();
}
