import type { JobKind, JobOutcome, LeaseRef, NodeJobPayload } from "./job.ts";

/** A job as a runner receives it, under a lease (rule L1). */
export interface AssignedJob extends LeaseRef {
  readonly kind: JobKind;
  /** For `node` jobs: the node attempt. For `flow.run` jobs: `{ runId, log, signals }`. */
  readonly payload: NodeJobPayload | FlowRunPayload;
  /** The next chunk's `seq` (rule C1): 1 for a new job, more for a re-offered one. */
  readonly nextSeq: number;
  /** `runId:nodeId` for node jobs: what HTTP calls send as `Idempotency-Key`. */
  readonly idempotencyKey: string;
}

/** A headless run handed to a runner: its log so far (rule H2) and approvals to apply. */
export interface FlowRunPayload {
  readonly runId: string;
  readonly log: readonly unknown[];
  readonly signals: Readonly<Record<string, { approved: boolean; by?: string; comment?: string }>>;
}

/** Hub → runner (PROTOCOL.md, "Hub messages"). */
export type HubMessage =
  | {
      readonly type: "welcome";
      readonly runnerId: string;
      readonly heartbeatMs: number;
      readonly leaseMs: number;
      /** Leases from `hello` the hub still honours, with the last chunk it acknowledged. */
      readonly kept: readonly (LeaseRef & { ackedSeq: number })[];
      /** Leases from `hello` that are no longer this runner's: abort them (rule L5). */
      readonly dropped: readonly LeaseRef[];
    }
  | { readonly type: "job"; readonly job: AssignedJob }
  | { readonly type: "ack"; readonly jobId: string; readonly seq: number }
  | { readonly type: "done"; readonly jobId: string }
  | { readonly type: "cancel"; readonly jobId: string; readonly epoch: number; readonly reason: string }
  /** A message named a lease the runner does not hold (stale epoch, other runner): abort it. */
  | { readonly type: "stale"; readonly jobId: string; readonly epoch: number; readonly reason: string }
  | { readonly type: "error"; readonly code: string; readonly message: string };

export type { JobOutcome };

const hubMessageTypes = new Set(["welcome", "job", "ack", "done", "cancel", "stale", "error"]);

/** Reads a hub frame on the runner's side; `undefined` for anything it does not know (W2). */
export function hubMessageOf(frame: string): HubMessage | undefined {
  try {
    const data = JSON.parse(frame) as { type?: unknown };
    return typeof data === "object" && data !== null && hubMessageTypes.has(String(data.type)) ? (data as HubMessage) : undefined;
  } catch {
    return undefined;
  }
}
