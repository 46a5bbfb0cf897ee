/**
 * The runner's Docker engine, over its local Unix socket with dockerode. dockerode is loaded
 * only when a config asks for Docker: it brings ssh2 and gRPC code most CLI runs never need.
 * Whether the engine answers is learned at start and re-learned whenever a call cannot reach
 * it; listeners hear each change, so the runner advertises `node:docker.run` only while
 * Docker is there and the hub stops offering docker jobs to it when it goes away.
 */
import type Docker from "dockerode";
import { NexusError } from "@nexus-flow/shared";

export interface DockerEngine {
  readonly socket: string;
  /** Last known answer: undefined before the first probe. */
  readonly available: boolean | undefined;
  /** A client, or DOCKER_UNAVAILABLE (after telling listeners) when the engine does not answer. */
  client(): Promise<Docker>;
  /** Pings the engine (3 s at most) and records the answer. */
  probe(): Promise<{ ok: true; version: string } | { ok: false; reason: string }>;
  /** To call with any error of a Docker call: if it says the engine is gone, records that and throws DOCKER_UNAVAILABLE. */
  check(error: unknown): void;
  onChange(listener: (available: boolean) => void): void;
}

/** Errors that mean nothing answers on the socket, as opposed to the engine answering "no". */
const unreachableCodes = new Set(["ENOENT", "ECONNREFUSED", "EACCES", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTSOCK"]);

const reprobeMs = 30_000;

export function isUnreachable(error: unknown): boolean {
  const { code, statusCode } = (error ?? {}) as { code?: string; statusCode?: number };
  return statusCode === undefined && code !== undefined && unreachableCodes.has(code);
}

/** The socket: the config's, else `DOCKER_HOST` (unix:// only), else Docker's default. */
export function dockerSocket(configured: string | undefined): string {
  if (configured) return configured;
  const host = process.env.DOCKER_HOST;
  return host?.startsWith("unix://") ? host.slice("unix://".length) : "/var/run/docker.sock";
}

/**
 * @example const engine = createDockerEngine(undefined, "build-1");
 * if ((await engine.probe()).ok) offers.push("node:docker.run");
 */
export function createDockerEngine(configuredSocket: string | undefined, runnerName: string): DockerEngine {
  const socket = dockerSocket(configuredSocket);
  const listeners: ((available: boolean) => void)[] = [];
  let docker: Promise<Docker> | undefined;
  let available: boolean | undefined;
  let lastReason = "";
  // While the engine is away it is asked again now and then, so a runner whose dockerd comes
  // back offers Docker again without a restart. unref: the timer never keeps a process alive.
  let retry: NodeJS.Timeout | undefined;
  const load = () => (docker ??= import("dockerode").then(({ default: Dockerode }) => new Dockerode({ socketPath: socket })));
  const record = (now: boolean, reason = "") => {
    lastReason = reason;
    if (now) retry = void clearInterval(retry);
    else retry ??= setInterval(() => void engine.probe(), reprobeMs).unref();
    if (available === now) return;
    const changed = available !== undefined;
    available = now;
    if (changed) for (const listener of listeners) listener(now);
  };
  const unavailable = () => new NexusError({ code: "DOCKER_UNAVAILABLE", message: `Docker is not available on runner ${runnerName}: ${lastReason}`, retryable: true });
  const engine: DockerEngine = {
    socket,
    get available() {
      return available;
    },
    async client() {
      if (available === undefined) await engine.probe();
      if (available === false && !(await engine.probe()).ok) throw unavailable();
      return load();
    },
    async probe() {
      try {
        const client = await load();
        const version = await withDeadline(client.version(), 3_000);
        record(true);
        return { ok: true, version: version.Version };
      } catch (error) {
        record(false, describeUnreachable(error, socket));
        return { ok: false, reason: lastReason };
      }
    },
    check(error) {
      if (!isUnreachable(error)) return;
      record(false, describeUnreachable(error, socket));
      throw unavailable();
    },
    onChange: (listener) => void listeners.push(listener),
  };
  return engine;
}

function describeUnreachable(error: unknown, socket: string): string {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return `no Docker socket at ${socket} (is dockerd running?)`;
  if (code === "ECONNREFUSED") return `nothing answers on ${socket} (is dockerd running?)`;
  if (code === "EACCES") return `no permission to use ${socket} (add the runner's user to the docker group)`;
  return `${socket}: ${(error as Error).message}`;
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: "ETIMEDOUT" })), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
