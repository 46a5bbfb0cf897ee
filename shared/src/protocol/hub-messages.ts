import * as z from "zod/mini";
import { readMessage } from "./read-message.ts";
import type { JobKind, JobOutcome, LeaseRef, NodeJobPayload, NotifyJobPayload } from "./job.ts";

/** A job as a runner receives it, under a lease (rule L1). */
export interface AssignedJob extends LeaseRef {
  readonly kind: JobKind;
  /** For `node` jobs: the node attempt. For `flow.run` jobs: `{ runId, log, signals }`. For `notify`: the channel and message. */
  readonly payload: NodeJobPayload | FlowRunPayload | NotifyJobPayload;
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

const leaseRef = { jobId: z.string(), epoch: z.int() };

/** The hub's messages as a runner validates them (W2): unknown or malformed ones are ignored, with a word. */
export const hubMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("welcome"), runnerId: z.string(), heartbeatMs: z.int().check(z.minimum(100)), leaseMs: z.int(), kept: z.array(z.object({ ...leaseRef, ackedSeq: z.int() })), dropped: z.array(z.object(leaseRef)) }),
  z.object({
    type: z.literal("job"),
    job: z.object({ ...leaseRef, kind: z.enum(["node", "flow.run", "notify"]), payload: z.record(z.string(), z.unknown()), nextSeq: z.int().check(z.minimum(1)), idempotencyKey: z.string() }),
  }),
  z.object({ type: z.literal("ack"), jobId: z.string(), seq: z.int() }),
  z.object({ type: z.literal("done"), jobId: z.string() }),
  z.object({ type: z.literal("cancel"), ...leaseRef, reason: z.string() }),
  z.object({ type: z.literal("stale"), ...leaseRef, reason: z.string() }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
]);

/**
 * A hub frame's messages on the runner's side: one, or a batch (W4). Each is read on its own,
 * so a message this runner does not understand (a newer hub's) never hides the `done` or
 * `job` beside it; `ignored` counts those left out.
 */
export function hubMessagesOf(frame: string): { messages: HubMessage[]; ignored: number } {
  let values: unknown[];
  try {
    const data: unknown = JSON.parse(frame);
    values = Array.isArray(data) ? data : [data];
  } catch {
    return { messages: [], ignored: 1 };
  }
  const messages: HubMessage[] = [];
  for (const value of values) {
    const parsed = hubMessageSchema.safeParse(value);
    if (parsed.success) messages.push(parsed.data as HubMessage);
  }
  return { messages, ignored: values.length - messages.length };
}

/** Reads a hub frame on the runner's side; `undefined` for anything malformed or unknown (W2). */
export function hubMessageOf(frame: string): HubMessage | undefined {
  const read = readMessage(hubMessageSchema, frame);
  return read.ok ? (read.message as HubMessage) : undefined;
}
