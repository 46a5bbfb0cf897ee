import * as z from "zod/mini";

/** Labels a runner offers and a job asks for: lower-case words, digits, `-`, `_`, `.`, `:`. */
export const labelSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9._:-]{0,62}$/, "a label is 1–63 lower-case letters, digits, '.', '_', ':' or '-'"));
export const labelsSchema = z.array(labelSchema).check(z.maxLength(32));

export const JobKind = { Node: "node", FlowRun: "flow.run", Notify: "notify" } as const;
export type JobKind = (typeof JobKind)[keyof typeof JobKind];

const jsonValue = z.unknown();

export const errorDataSchema = z.object({
  code: z.string().check(z.maxLength(100)),
  message: z.string().check(z.maxLength(8_192)),
  retryable: z.boolean(),
  path: z.optional(z.string()),
  retryAfterMs: z.optional(z.number()),
});

/** One node attempt sent to a runner (kind `node`). */
export const nodeJobPayloadSchema = z.object({
  runId: z.string(),
  nodeId: z.string(),
  type: z.string(),
  config: jsonValue,
  input: jsonValue,
  runInput: jsonValue,
  attempt: z.int().check(z.minimum(1)),
  /** The flow's payload limit (SPEC B1); the default when absent. */
  maxPayloadBytes: z.optional(z.int().check(z.minimum(1024))),
});
export type NodeJobPayload = z.infer<typeof nodeJobPayloadSchema>;

/**
 * A notification the hub asks a runner to send (kind `notify`): the runner holds the channel's
 * credentials (SMTP account, Slack webhook URL) in its config; the hub only knows its name,
 * and offers the job to runners advertising `notify:<channel>`.
 */
export const notifyJobPayloadSchema = z.object({
  channel: z.string().check(z.maxLength(64)),
  message: z.object({ kind: z.string(), count: z.number(), text: z.string(), flowId: z.string(), flowName: z.string(), runId: z.string(), status: z.string(), trigger: z.optional(z.string()), error: z.optional(z.unknown()), runPath: z.string() }),
});
export type NotifyJobPayload = z.infer<typeof notifyJobPayloadSchema>;

/** The name a runner advertises (among its connections) for a notification channel it can send on. */
export const notifyChannelOffer = (channel: string) => `notify:${channel}`;

/** How a job ended, as the runner reports it (rule J4). */
export const jobOutcomeSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), output: jsonValue, port: z.optional(z.string()) }),
  z.object({ ok: z.literal(false), error: errorDataSchema }),
]);
export type JobOutcome = { ok: true; output: unknown; port?: string } | { ok: false; error: z.infer<typeof errorDataSchema> };

/** A lease the holder names in heartbeats, chunks and results (rule L1). */
export const leaseRefSchema = z.object({ jobId: z.string().check(z.maxLength(400)), epoch: z.int().check(z.minimum(1)) });
export type LeaseRef = z.infer<typeof leaseRefSchema>;
