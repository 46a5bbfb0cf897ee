import type { CompiledFlow } from "../flow/compile-flow.ts";
import { formatIssue } from "../flow/flow-issue.ts";
import { validateFlow } from "../flow/validate-flow.ts";
import { ErrorCode, NexusError } from "../errors/index.ts";
import type { JsonValue } from "../json.ts";
import type { RunOptions, RunPorts } from "./ports.ts";
import type { NodeRecord, RerunOrigin, RunEvent } from "./run-event.ts";
import { applyEvent, createRunState, foldRunLog } from "./run-state.ts";
import { driveRun, type RunHandle } from "./run-controller.ts";
import { createPayloadGuard } from "./payload-guard.ts";

export interface StartRunRequest {
  readonly compiled: CompiledFlow;
  readonly runId: string;
  readonly input?: JsonValue;
  /** For partial re-runs: records copied from the earlier run (see `planRerun`). */
  readonly rerunOf?: RerunOrigin;
  readonly reuse?: Readonly<Record<string, NodeRecord>>;
  /** The trigger node that starts this run; the flow's other triggers are skipped (SPEC rule G1). */
  readonly startAt?: string;
}

/**
 * Starts a new run of a compiled flow. The log's first event carries the flow itself, so a
 * log alone is enough to resume the run later.
 * @example const run = startRun({ compiled, runId: "r1", input: { n: 2 } }, { clock }); await run.done;
 */
export function startRun(request: StartRunRequest, ports: RunPorts, options?: RunOptions): RunHandle {
  const problem = createPayloadGuard(request.compiled.flow)(request.input ?? null, "the run input", "input");
  if (problem) throw new NexusError(problem); // SPEC rule B1: refused before anything is logged
  const at = ports.clock.now();
  const started: RunEvent = {
    type: "run.started",
    runId: request.runId,
    flow: request.compiled.flow,
    input: request.input ?? null,
    at,
    ...(request.rerunOf ? { rerunOf: request.rerunOf } : {}),
    ...(request.startAt !== undefined ? { startAt: request.startAt } : {}),
  };
  const state = createRunState(started);
  const seed: RunEvent[] = [started];
  for (const [nodeId, record] of Object.entries(request.reuse ?? {})) {
    const reused: RunEvent = { type: "node.reused", nodeId, record, at };
    applyEvent(state, reused);
    seed.push(reused);
  }
  return driveRun(request.compiled, state, ports, options, seed);
}

/**
 * Continues a run from its log (SPEC rules L2, L3): finished nodes keep their results,
 * nodes that were in flight run again under the same idempotency key. The flow inside the
 * log is validated again: the log crossed a trust boundary (a file, IndexedDB).
 * @example const run = resumeRun(readLog(runId), { clock, sink }); await run.done;
 */
export function resumeRun(log: readonly RunEvent[], ports: RunPorts, options?: RunOptions): RunHandle {
  const state = foldRunLog(log);
  const checked = validateFlow(state.flow);
  if (!checked.ok) {
    const message = `the run log's flow is invalid: ${checked.issues.map(formatIssue).join("; ")}`;
    throw new NexusError({ code: ErrorCode.InvalidFlow, message, retryable: false });
  }
  return driveRun(checked.compiled, state, ports, options);
}
