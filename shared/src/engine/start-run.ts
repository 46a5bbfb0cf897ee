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
import { dict, ownValue } from "../dict.ts";

export interface StartRunRequest {
  readonly compiled: CompiledFlow;
  readonly runId: string;
  readonly input?: JsonValue;
  /** For partial re-runs: records copied from the earlier run (see `planRerun`). */
  readonly rerunOf?: RerunOrigin;
  readonly reuse?: Readonly<Record<string, NodeRecord>>;
  /** The trigger node that starts this run; the flow's other triggers are skipped (SPEC rule G1). */
  readonly startAt?: string;
  /**
   * Outputs pinned in the editor, by node id (SPEC rule N1): those nodes use them instead of
   * running. Only the editor passes them; headless and team runs leave them out.
   */
  readonly pinned?: Readonly<Record<string, JsonValue>>;
  /** The output port a pinned node sends on (the branch it was pinned from), where not its default (SPEC rule N1). */
  readonly pinnedPorts?: Readonly<Record<string, string>>;
}

/**
 * Starts a new run of a compiled flow. The log's first event carries the flow itself, so a
 * log alone is enough to resume the run later.
 * @example const run = startRun({ compiled, runId: "r1", input: { n: 2 } }, { clock }); await run.done;
 */
export function startRun(request: StartRunRequest, ports: RunPorts, options?: RunOptions): RunHandle {
  const problem = createPayloadGuard(request.compiled.flow)(request.input ?? null, "the run input", "input");
  if (problem) throw new NexusError(problem); // SPEC rule B1: refused before anything is logged
  const pinned = pinsOf(request);
  const pinnedPorts = pinned && portsOfPins(request, pinned);
  const at = ports.clock.now();
  const started: RunEvent = {
    type: "run.started",
    runId: request.runId,
    flow: request.compiled.flow,
    input: request.input ?? null,
    at,
    ...(request.rerunOf ? { rerunOf: request.rerunOf } : {}),
    ...(request.startAt !== undefined ? { startAt: request.startAt } : {}),
    ...(pinned ? { pinned } : {}),
    ...(pinnedPorts ? { pinnedPorts } : {}),
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

/** The pins of nodes this flow has, each checked like an output (SPEC rules B1, N1); undefined when none. */
function pinsOf(request: StartRunRequest): Record<string, JsonValue> | undefined {
  const guard = createPayloadGuard(request.compiled.flow);
  const pins = dict<JsonValue>();
  let count = 0;
  for (const [nodeId, value] of Object.entries(request.pinned ?? {})) {
    if (!request.compiled.indexOf.has(nodeId)) continue; // a pin left from a deleted node
    const problem = guard(value, `node "${nodeId}" pinned data`, "output");
    if (problem) throw new NexusError(problem);
    pins[nodeId] = value;
    count++;
  }
  return count ? pins : undefined;
}

/**
 * The ports pinned nodes send on, each one the node has (SPEC rule N1): a pin that names a
 * port its node lacks is refused before anything is logged. Undefined when none.
 */
function portsOfPins(request: StartRunRequest, pinned: Record<string, JsonValue>): Record<string, string> | undefined {
  const ports = dict<string>();
  let count = 0;
  for (const [nodeId, port] of Object.entries(request.pinnedPorts ?? {})) {
    if (ownValue(pinned, nodeId) === undefined) continue; // a port left from an unpinned node
    const node = request.compiled.nodes[request.compiled.indexOf.get(nodeId)!]!;
    if (!node.definition.outputs.includes(port)) {
      const has = node.definition.outputs.map((name) => `"${name}"`).join(", ") || "none";
      throw new NexusError({ code: ErrorCode.InvalidFlow, message: `node "${nodeId}" is pinned on output "${port}", which it does not have (its outputs: ${has})`, retryable: false, path: `pinPorts.${nodeId}` });
    }
    ports[nodeId] = port;
    count++;
  }
  return count ? ports : undefined;
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
