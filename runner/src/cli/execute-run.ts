import { NexusError, type ApprovalDecision, type RunHandle, type RunLogWriter, type RunOptions, type RunPorts, type RunState } from "@nexus-flow/shared";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { createHostPorts } from "../host/host-ports.ts";
import { ExitCode, type CliIO } from "./cli-io.ts";
import { bufferedOutput } from "./buffered-output.ts";
import { createProgressReporter } from "./progress-reporter.ts";
import { runResult } from "./run-result.ts";

export interface ExecuteRunRequest {
  readonly io: CliIO;
  readonly start: (ports: RunPorts, options: RunOptions) => RunHandle;
  readonly writer?: RunLogWriter;
  readonly signals: Record<string, ApprovalDecision>;
  readonly concurrency?: number;
  readonly json: boolean;
  /** How to continue a run that waits for approval, for the hint printed on exit. */
  readonly resumeHint?: (runId: string, nodeIds: readonly string[]) => string;
  /** A line to print first when there is no `run.started` among the new events (resume). */
  readonly header?: { text: string; startedAt: number };
  /** `--config`: the runner config whose connections and process nodes this run may use. */
  readonly configFile?: string | undefined;
}

/**
 * Runs (or resumes) one run to its end in this process: live progress on stderr, the log
 * to the store, Ctrl-C cancels. A run left waiting for an approval ends the process with
 * exit code 3; with `--state` it can be resumed later.
 */
export async function executeRun(request: ExecuteRunRequest): Promise<number> {
  const { io, writer } = request;
  const progress = bufferedOutput(io.stderr);
  // Changes of one event-loop turn are one batch: quick nodes finish hundreds to a turn.
  const reporter = createProgressReporter(progress.write, { screenful: io.rows ?? 24, afterTurn: setImmediate });
  if (request.header) reporter.header(request.header.text, request.header.startedAt);
  const nodes = request.configFile ? await loadRunnerNodes(resolve(io.cwd, request.configFile)) : undefined;
  await nodes?.start();
  const ports = await createHostPorts(
    {
      append(events) {
        writer?.append(events);
        reporter.report(events);
      },
    },
    nodes ? { executors: nodes.executors, log: (line) => io.stderr(`  ${line.nodeId} | ${line.text}\n`) } : { executors: needsConfig },
  );
  let reportBlocked: (nodeIds: readonly string[]) => void = () => {};
  const blocked = new Promise<readonly string[]>((resolve) => (reportBlocked = resolve));
  const options: RunOptions = { signals: request.signals, onBlocked: (ids) => reportBlocked(ids), ...(request.concurrency ? { concurrency: request.concurrency } : {}) };
  let handle: RunHandle | undefined;
  const stopListening = io.onInterrupt?.(() => handle?.cancel("cancelled by Ctrl-C"));
  try {
    handle = request.start(ports, options);
    const outcome = await Promise.race([handle.done.then((state) => ({ state, waiting: undefined })), blocked.then((waiting) => ({ state: handle!.state, waiting }))]);
    reporter.flush();
    progress.flush();
    return report(request, outcome.state, outcome.waiting);
  } catch (error) {
    reporter.flush();
    progress.flush();
    if (error instanceof NexusError) return io.stderr(`run stopped: ${error.message}\n`), ExitCode.RunFailed;
    io.stderr(`internal error: the run stopped: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.InternalError;
  } finally {
    stopListening?.();
    await writer?.close();
    ports.dispose();
    await nodes?.close();
  }
}

/**
 * The runner nodes of `--config` (db.query, shell.exec, python, docker.run), loaded only then:
 * their drivers (pg and its protocol, ~190 KB) cost a plain run ~40 ms of start-up otherwise.
 */
async function loadRunnerNodes(configFile: string) {
  const [{ loadRunnerConfig }, { createRunnerNodes }] = await Promise.all([import("../config/load-runner-config.ts"), import("../nodes/runner-nodes.ts")]);
  return createRunnerNodes(loadRunnerConfig(configFile), hostname());
}

/** Without `--config`, runner nodes say what they need rather than "cannot run". */
const needsConfig = Object.fromEntries(
  ["db.query", "shell.exec", "python", "docker.run"].map((type) => [
    type,
    () => {
      throw new NexusError({ code: "NO_EXECUTOR", message: `${type} nodes run with a runner config: give nexus run --config nexus-runner.json (see runner/examples/nexus-runner.json)`, retryable: false });
    },
  ]),
);

function report(request: ExecuteRunRequest, state: RunState, waiting: readonly string[] | undefined): number {
  const { io } = request;
  if (request.json) io.stdout(JSON.stringify(runResult(state, waiting !== undefined), null, 2) + "\n");
  if (waiting) {
    const hint = request.resumeHint?.(state.runId, waiting) ?? "run again with --approve or --reject";
    io.stderr(`run ${state.runId} is waiting for approval of ${waiting.map((id) => `"${id}"`).join(", ")}; ${hint}\n`);
    return ExitCode.WaitingForApproval;
  }
  return state.status === "succeeded" ? ExitCode.Ok : ExitCode.RunFailed;
}
