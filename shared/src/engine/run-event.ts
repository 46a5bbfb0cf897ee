import type { ErrorData } from "../errors/index.ts";
import type { Flow } from "../flow/flow-schema.ts";
import type { JsonValue } from "../json.ts";

export const RunStatus = { Running: "running", Succeeded: "succeeded", Failed: "failed", Cancelled: "cancelled" } as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

export const NodeStatus = {
  Idle: "idle",
  Queued: "queued",
  Running: "running",
  Retrying: "retrying",
  Waiting: "waiting",
  Succeeded: "succeeded",
  Failed: "failed",
  Skipped: "skipped",
  Cancelled: "cancelled",
} as const;
export type NodeStatus = (typeof NodeStatus)[keyof typeof NodeStatus];

/** A person's answer to an approval node. */
export interface ApprovalDecision {
  readonly approved: boolean;
  readonly by?: string;
  readonly comment?: string;
}

/** Why a node was skipped on purpose (an unsent branch has no reason). */
export type SkipReason = "disabled";

/** Where a partial re-run came from (SPEC rule P1). */
export interface RerunOrigin {
  readonly runId: string;
  readonly fromNode: string;
}

/**
 * One entry of a run's append-only log. Run state is a fold over these (SPEC rule L1);
 * every time is epoch milliseconds from the run's clock.
 */
export type RunEvent =
  | {
      readonly type: "run.started";
      readonly runId: string;
      readonly flow: Flow;
      readonly input: JsonValue;
      readonly at: number;
      readonly rerunOf?: RerunOrigin;
      /** The trigger node that started the run; the flow's other triggers are skipped (SPEC rule G1). */
      readonly startAt?: string;
      /** Outputs pinned in the editor, by node id: those nodes use them instead of running (SPEC rule N1). */
      readonly pinned?: Readonly<Record<string, JsonValue>>;
      /** The port each pinned node sends on, where it is not the one K3 names (a condition pinned from its `false` branch). */
      readonly pinnedPorts?: Readonly<Record<string, string>>;
    }
  | { readonly type: "node.queued"; readonly nodeId: string; readonly at: number }
  | { readonly type: "node.started"; readonly nodeId: string; readonly attempt: number; readonly at: number }
  | {
      readonly type: "node.succeeded";
      readonly nodeId: string;
      readonly attempt: number;
      readonly output: JsonValue;
      readonly port?: string;
      readonly at: number;
      /** The output is the node's pinned data; the node did not run (SPEC rule N1). */
      readonly pinned?: true;
    }
  | {
      readonly type: "node.failed";
      readonly nodeId: string;
      readonly attempt: number;
      readonly error: ErrorData;
      readonly at: number;
      /** Present when another attempt will start at this time. */
      readonly retryAt?: number;
      /** Present when `onError: "continue"` lets the run go on with this output. */
      readonly output?: JsonValue;
    }
  | { readonly type: "node.waiting"; readonly nodeId: string; readonly attempt: number; readonly at: number; readonly reason: "delay" | "approval"; readonly until?: number }
  | { readonly type: "node.signalled"; readonly nodeId: string; readonly decision: ApprovalDecision; readonly at: number }
  | {
      readonly type: "node.skipped";
      readonly nodeId: string;
      readonly at: number;
      /** Present when the node was disabled: it passes its input on `port` (SPEC rule K3). */
      readonly reason?: SkipReason;
      readonly output?: JsonValue;
      readonly port?: string;
    }
  | { readonly type: "node.cancelled"; readonly nodeId: string; readonly at: number }
  | { readonly type: "node.reused"; readonly nodeId: string; readonly record: NodeRecord; readonly at: number }
  | { readonly type: "run.cancelling"; readonly reason: string; readonly at: number }
  | { readonly type: "run.finished"; readonly status: Exclude<RunStatus, "running">; readonly error?: RunError; readonly at: number };

export type RunEventType = RunEvent["type"];

/** Why a run failed or was cancelled; names the node when one node caused it. */
export interface RunError extends ErrorData {
  readonly nodeId?: string;
}

/** The folded state of one node in one run. */
export interface NodeRecord {
  status: NodeStatus;
  attempts: number;
  output?: JsonValue;
  port?: string;
  error?: ErrorData;
  startedAt?: number;
  finishedAt?: number;
  retryAt?: number;
  wakeAt?: number;
  approval?: ApprovalDecision;
  reusedFrom?: string;
  /** Skipped because it was disabled; its `output` is its input, sent on `port` (SPEC rule K3). */
  skipReason?: SkipReason;
  /** Its output is pinned data (SPEC rule N1). */
  pinned?: boolean;
}

const terminal: ReadonlySet<NodeStatus> = new Set([NodeStatus.Succeeded, NodeStatus.Failed, NodeStatus.Skipped, NodeStatus.Cancelled]);

export function isTerminal(status: NodeStatus): boolean {
  return terminal.has(status);
}
