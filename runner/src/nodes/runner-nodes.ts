/**
 * The runner node types a host can run, built from the runner's config: their executors (by
 * node type, for the engine's `executors` port), the names this runner advertises to the hub
 * (its connections and `node:<type>` capabilities), and `--check`'s report.
 */
import { capabilityName, runnerNeeds, type FlowNode, type NodeExecutor } from "@nexus-flow/shared";
import type { LoadedRunnerConfig } from "../config/load-runner-config.ts";
import type { RunnerConfig } from "../config/runner-config.ts";
import { dbQueryExecutor } from "./db-query.ts";
import { createPostgresPools } from "./postgres-pools.ts";
import { detectProcessHost, type ProcessHost } from "./process-host.ts";
import { pythonExecutor, shellExecExecutor } from "./process-nodes.ts";

export interface RunnerNodes {
  readonly executors: Readonly<Record<string, NodeExecutor>>;
  /** Connection names and capabilities, for `hello` (never URLs). */
  readonly offers: readonly string[];
  /** True when this runner lacks a connection or capability the node needs. */
  lacks(node: Pick<FlowNode, "type" | "config">): boolean;
  readonly config: RunnerConfig;
  readonly configFile: string;
  readonly host: ProcessHost;
  close(): Promise<void>;
}

/**
 * @example const nodes = createRunnerNodes(loadRunnerConfig("nexus-runner.json"), "build-1");
 * startRun(request, { ...ports, executors: nodes.executors });
 */
export function createRunnerNodes(loaded: LoadedRunnerConfig | undefined, runnerName: string, host: ProcessHost = detectProcessHost()): RunnerNodes {
  const config = loaded?.config ?? {};
  const configFile = loaded?.file ?? "(no runner config)";
  const pools = createPostgresPools(config, configFile, runnerName);
  const offers = [
    ...Object.keys(config.connections ?? {}),
    ...(config.shell?.enabled ? [capabilityName("shell.exec")] : []),
    ...((config.python?.enabled ?? Boolean(host.bwrap)) ? [capabilityName("python")] : []),
  ];
  return {
    executors: {
      "db.query": dbQueryExecutor(pools),
      "shell.exec": shellExecExecutor(config.shell, host, runnerName),
      python: pythonExecutor(config.python, host, runnerName),
      // docker.run goes here: its executor, and `node:docker.run` in offers when Docker answers.
    },
    offers,
    lacks: (node) => runnerNeeds(node).some((name) => !offers.includes(name)),
    config,
    configFile,
    host,
    close: () => pools.close(),
  };
}
