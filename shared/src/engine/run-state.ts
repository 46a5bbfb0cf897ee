import type { Flow } from "../flow/flow-schema.ts";
import type { JsonValue } from "../json.ts";
import { NexusError, ErrorCode } from "../errors/index.ts";
import { dict, ownValue } from "../dict.ts";
import { NodeStatus, RunStatus, type ApprovalDecision, type NodeRecord, type RerunOrigin, type RunError, type RunEvent } from "./run-event.ts";

/** A run as plain data: what the log says so far. Crosses Comlink and the wire unchanged. */
export interface RunState {
  runId: string;
  flow: Flow;
  input: JsonValue;
  status: RunStatus;
  startedAt: number;
  finishedAt?: number;
  error?: RunError;
  rerunOf?: RerunOrigin;
  /** The trigger that started the run, when the flow has several (SPEC rule G1). */
  startAt?: string;
  cancelRequested: boolean;
  /** Why the run was cancelled, from `run.cancelling`. */
  cancelReason?: string;
  /** Pinned outputs by node id (SPEC rule N1); null prototype. Absent in states folded before pins existed. */
  pinned?: Record<string, JsonValue>;
  /** The port each pinned node sends on, where not K3's (SPEC rule N1); null prototype. */
  pinnedPorts?: Record<string, string>;
  /** By node id; a null-prototype record (a node may be called `constructor` or `__proto__`). */
  nodes: Record<string, NodeRecord>;
  /** Approval decisions received, also before their node started waiting. Null prototype too. */
  signals: Record<string, ApprovalDecision>;
}

type StartedEvent = Extract<RunEvent, { type: "run.started" }>;

export function createRunState(started: StartedEvent): RunState {
  const nodes = dict<NodeRecord>();
  for (const node of started.flow.nodes) nodes[node.id] = { status: NodeStatus.Idle, attempts: 0 };
  const state: RunState = {
    runId: started.runId,
    flow: started.flow,
    input: started.input,
    status: RunStatus.Running,
    startedAt: started.at,
    cancelRequested: false,
    nodes,
    signals: dict<ApprovalDecision>(),
  };
  if (started.pinned) {
    const pinned = (state.pinned = dict<JsonValue>());
    for (const [id, value] of Object.entries(started.pinned)) if (ownValue(nodes, id)) pinned[id] = value;
    const ports = dict<string>();
    for (const [id, port] of Object.entries(started.pinnedPorts ?? {})) if (ownValue(pinned, id) !== undefined) ports[id] = port;
    if (Object.keys(ports).length) state.pinnedPorts = ports;
  }
  if (started.rerunOf) state.rerunOf = started.rerunOf;
  if (started.startAt !== undefined) state.startAt = started.startAt;
  return state;
}

/**
 * Applies one event to the state, in place (the engine folds every event it emits, and a
 * resume folds the whole log, so both see exactly the same state). SPEC rule L1.
 */
export function applyEvent(state: RunState, event: RunEvent): void {
  if (event.type === "run.started") throw new NexusError({ code: ErrorCode.Internal, message: "run.started may only open a log", retryable: false });
  if (event.type === "run.cancelling") return void ((state.cancelRequested = true), (state.cancelReason = event.reason));
  if (event.type === "run.finished") return finishRun(state, event);
  const node = ownValue(state.nodes, event.nodeId);
  if (!node) throw new NexusError({ code: ErrorCode.Internal, message: `run log names unknown node "${event.nodeId}"`, retryable: false });
  applyNodeEvent(state, node, event);
}

function finishRun(state: RunState, event: Extract<RunEvent, { type: "run.finished" }>): void {
  state.status = event.status;
  state.finishedAt = event.at;
  if (event.error) state.error = event.error;
}

export type NodeEvent = Exclude<RunEvent, { type: "run.started" | "run.cancelling" | "run.finished" }>;

/** applyEvent for a node event whose record the caller has already looked up (the engine's `emit`). */
export function applyNodeEvent(state: RunState, node: NodeRecord, event: NodeEvent): void {
  switch (event.type) {
    case "node.queued":
      node.status = NodeStatus.Queued;
      return;
    case "node.started":
      node.status = NodeStatus.Running;
      node.attempts = event.attempt;
      node.startedAt ??= event.at;
      node.retryAt = undefined;
      return;
    case "node.succeeded":
      node.status = NodeStatus.Succeeded;
      node.output = event.output;
      if (event.port !== undefined) node.port = event.port;
      node.error = undefined;
      node.finishedAt = event.at;
      if (event.pinned) node.pinned = true;
      return;
    case "node.failed":
      node.error = event.error;
      if (event.retryAt !== undefined) {
        node.status = NodeStatus.Retrying;
        node.retryAt = event.retryAt;
        return;
      }
      node.status = NodeStatus.Failed;
      if (event.output !== undefined) node.output = event.output;
      node.finishedAt = event.at;
      return;
    case "node.waiting":
      node.status = NodeStatus.Waiting;
      node.attempts = event.attempt;
      node.startedAt ??= event.at;
      if (event.until !== undefined) node.wakeAt = event.until;
      return;
    case "node.signalled":
      state.signals[event.nodeId] = event.decision;
      node.approval = event.decision;
      return;
    case "node.skipped":
      if (event.reason !== undefined) node.skipReason = event.reason;
      if (event.output !== undefined) node.output = event.output;
      if (event.port !== undefined) node.port = event.port;
      node.status = NodeStatus.Skipped;
      node.finishedAt = event.at;
      return;
    case "node.cancelled":
      node.status = NodeStatus.Cancelled;
      node.finishedAt = event.at;
      return;
    case "node.reused":
      Object.assign(node, event.record, { reusedFrom: state.rerunOf?.runId });
      return;
  }
}

/**
 * Folds a whole log into state: how a run is read back after a crash or a reload.
 * @example foldRunLog(events).nodes.double.status // "succeeded"
 */
export function foldRunLog(events: readonly RunEvent[]): RunState {
  const first = events[0];
  if (!first || first.type !== "run.started") throw new NexusError({ code: "INVALID_LOG", message: "a run log must start with run.started", retryable: false });
  const state = createRunState(first);
  for (let i = 1; i < events.length; i++) applyEvent(state, events[i]!);
  return state;
}
