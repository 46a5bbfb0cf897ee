import * as z from "zod/mini";
import { jobOutcomeSchema, labelsSchema, leaseRefSchema, nodeJobPayloadSchema } from "./job.ts";
import { wireLimits } from "./wire.ts";

const name = z.string().check(z.minLength(1), z.maxLength(100));

/** A run event as carried in a chunk: the engine's shape, checked again when folded. */
const runEventShape = z.looseObject({ type: z.string().check(z.maxLength(40)), at: z.number() });
const logLine = z.object({ at: z.number(), stream: z.enum(["stdout", "stderr", "info"]), text: z.string().check(z.maxLength(16_384)), nodeId: z.optional(z.string().check(z.maxLength(200))) });

/** What the parts of a chunk (C5) make once joined: its events or its lines. */
export const chunkContentSchema = z.object({
  events: z.optional(z.array(runEventShape).check(z.maxLength(wireLimits.maxChunkEntries))),
  lines: z.optional(z.array(logLine).check(z.maxLength(wireLimits.maxChunkEntries))),
});

/** Runner → hub (PROTOCOL.md, "Runner messages"). */
export const runnerMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("hello"),
    protocol: z.int(),
    name,
    labels: labelsSchema,
    slots: z.int().check(z.minimum(1), z.maximum(1_000)),
    version: z.string().check(z.maxLength(50)),
    connections: z.array(name).check(z.maxLength(100)),
    /** Leases the runner still holds after a reconnect (rule L5). */
    leases: z.array(leaseRefSchema).check(z.maxLength(1_000)),
  }),
  z.object({ type: z.literal("heartbeat"), leases: z.array(leaseRefSchema).check(z.maxLength(1_000)) }),
  z.object({
    type: z.literal("chunk"),
    jobId: z.string(),
    epoch: z.int(),
    /** 1, 2, 3… per job across every lease of it (rule C1). */
    seq: z.int().check(z.minimum(1)),
    events: z.optional(z.array(runEventShape).check(z.maxLength(wireLimits.maxChunkEntries))),
    lines: z.optional(z.array(logLine).check(z.maxLength(wireLimits.maxChunkEntries))),
    /** C5: a slice of a chunk's content (`{"events":[…]}` as JSON text) too big for one frame. */
    part: z.optional(z.object({ text: z.string(), last: z.boolean() })),
  }),
  z.object({ type: z.literal("result"), jobId: z.string(), epoch: z.int(), outcome: jobOutcomeSchema, runner: z.optional(z.string()) }),
  /** The runner gives a job back untouched or half done (SIGTERM): re-offered at once (rule L7). */
  z.object({ type: z.literal("release"), jobId: z.string(), epoch: z.int(), reason: z.string().check(z.maxLength(500)) }),
  /** The runner stops taking new jobs (draining). */
  z.object({ type: z.literal("drain") }),
]);
export type RunnerMessage = z.infer<typeof runnerMessageSchema>;

export { nodeJobPayloadSchema };
