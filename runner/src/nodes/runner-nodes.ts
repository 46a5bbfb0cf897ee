/**
 * The runner node types a host can run, built from the runner's config: their executors (by
 * node type, for the engine's `executors` port), the names this runner advertises to the hub
 * (its connections and `node:<type>` capabilities), and `--check`'s report. What it offers
 * can change while it runs (Docker goes away or comes back): `onOffersChange` says when.
 */
import { capabilityName, runnerNeeds, type FlowNode, type NodeExecutor } from "@nexus-flow/shared";
import type { LoadedRunnerConfig } from "../config/load-runner-config.ts";
import type { RunnerConfig } from "../config/runner-config.ts";
import { dbQueryExecutor } from "./db-query.ts";
import { createDockerEngine, type DockerEngine } from "./docker/docker-engine.ts";
import { dockerRunExecutor } from "./docker/docker-run.ts";
import { removeStaleContainers } from "./docker/remove-stale-containers.ts";
import { createPostgresPools } from "./postgres-pools.ts";
import { detectProcessHost, type ProcessHost } from "./process-host.ts";
import { pythonExecutor, shellExecExecutor } from "./process-nodes.ts";

export interface RunnerNodes {
  readonly executors: Readonly<Record<string, NodeExecutor>>;
  /** Connection names and capabilities, for `hello` (never URLs); read it again after a change. */
  readonly offers: readonly string[];
  /** True when this runner lacks a connection or capability the node needs. */
  lacks(node: Pick<FlowNode, "type" | "config">): boolean;
  /** Asks Docker whether it answers (when the config has a `docker` section) and removes containers a crashed owner left. */
  start(say?: (line: string) => void): Promise<void>;
  onOffersChange(listener: (offers: readonly string[]) => void): void;
  readonly config: RunnerConfig;
  readonly configFile: string;
  readonly host: ProcessHost;
  readonly docker: DockerEngine | undefined;
  close(): Promise<void>;
}

/**
 * @example const nodes = createRunnerNodes(loadRunnerConfig("nexus-runner.json"), "build-1");
 * await nodes.start();
 * startRun(request, { ...ports, executors: nodes.executors });
 */
export function createRunnerNodes(loaded: LoadedRunnerConfig | undefined, runnerName: string, host: ProcessHost = detectProcessHost()): RunnerNodes {
  const config = loaded?.config ?? {};
  const configFile = loaded?.file ?? "(no runner config)";
  const pools = createPostgresPools(config, configFile, runnerName);
  const wantsDocker = Boolean(config.docker && config.docker.enabled !== false);
  const docker = wantsDocker ? createDockerEngine(config.docker?.socket, runnerName) : undefined;
  const fixed = [
    ...Object.keys(config.connections ?? {}),
    ...(config.shell?.enabled ? [capabilityName("shell.exec")] : []),
    ...((config.python?.enabled ?? Boolean(host.bwrap)) ? [capabilityName("python")] : []),
  ];
  // No allowed image: every docker job would be refused here, so the hub should send none.
  const allowsImages = (config.docker?.allowedImages?.length ?? 0) > 0;
  const offers = () => [...fixed, ...(docker?.available && allowsImages ? [capabilityName("docker.run")] : [])];
  const listeners: ((offers: readonly string[]) => void)[] = [];
  docker?.onChange(() => listeners.forEach((listener) => listener(offers())));
  return {
    executors: {
      "db.query": dbQueryExecutor(pools),
      "shell.exec": shellExecExecutor(config.shell, host, runnerName),
      python: pythonExecutor(config.python, host, runnerName),
      "docker.run": dockerRunExecutor({ config: config.docker, engine: docker, runnerName, configFile }),
    },
    get offers() {
      return offers();
    },
    lacks: (node) => runnerNeeds(node).some((name) => !offers().includes(name)),
    async start(say) {
      if (!docker) return;
      const answer = await docker.probe();
      if (!answer.ok) return say?.(`docker.run: off, Docker is not available on runner ${runnerName}: ${answer.reason}`);
      const removed = await removeStaleContainers(await docker.client()).catch(() => []);
      if (removed.length) say?.(`removed ${removed.length} container(s) left by a runner that stopped without cleaning up: ${removed.join(", ")}`);
    },
    onOffersChange: (listener) => void listeners.push(listener),
    config,
    configFile,
    host,
    docker,
    close: () => pools.close(),
  };
}
