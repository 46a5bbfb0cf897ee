import * as z from "zod/mini";
import { labelsSchema, nodeJobPayloadSchema, type JobOutcome } from "./job.ts";

/**
 * Submitter ↔ hub, on `GET /api/jobs/connect`: a browser run (or a benchmark) hands nodes
 * placed on runners to the hub and hears their results (PROTOCOL.md, "Submitters").
 */
export const clientMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("submit"),
    /** `runId:nodeId:attempt`: a second submit with the same key is the same job (rule J1). */
    key: z.string().check(z.minLength(1), z.maxLength(400)),
    labels: labelsSchema,
    connections: z.optional(z.array(z.string()).check(z.maxLength(20))),
    payload: nodeJobPayloadSchema,
    /** Times the job may be offered again after its runner is lost (rule L4). Default 3. */
    reofferBudget: z.optional(z.int().check(z.minimum(0), z.maximum(20))),
    /** Ends the job with SCHEDULE_TO_START_TIMEOUT if no runner starts it this long after the submit (rule L8). No default. */
    scheduleToStartMs: z.optional(z.int().check(z.minimum(1), z.maximum(7 * 24 * 3_600_000))),
    /**
     * Submitted ahead (rules J6–J9): the job waits, never offered, until the job `key` finishes;
     * it then runs with that job's output as its input if it succeeded on `port` (its result's
     * port, else `defaultPort`; any port when `port` is absent), and is removed otherwise.
     */
    after: z.optional(z.object({ key: z.string().check(z.minLength(1), z.maxLength(400)), port: z.optional(z.string().check(z.maxLength(100))), defaultPort: z.optional(z.string().check(z.maxLength(100))) })),
  }),
  z.object({ type: z.literal("cancel"), key: z.string().check(z.maxLength(400)), reason: z.optional(z.string().check(z.maxLength(500))) }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** What a submitter hears about its jobs. */
export type JobNotice =
  | { readonly type: "accepted"; readonly key: string; readonly jobId: string; readonly status: "waiting" | "queued" | "leased" | "finished"; readonly waitingFor?: string }
  /** J8, J9: a job submitted ahead was removed (or refused) before it ran; its key is free again. */
  | { readonly type: "removed"; readonly key: string; readonly reason: string }
  | { readonly type: "started"; readonly key: string; readonly runner: string; readonly epoch: number }
  | { readonly type: "lost"; readonly key: string; readonly runner: string; readonly reoffered: boolean }
  | { readonly type: "log"; readonly key: string; readonly lines: readonly { at: number; stream: string; text: string }[] }
  | { readonly type: "result"; readonly key: string; readonly runner?: string; readonly outcome: JobOutcome }
  | { readonly type: "error"; readonly code: string; readonly message: string };
