import * as z from "zod/mini";
import { builtInNodes } from "../nodes/registry.ts";

// zod/mini (a sixth of zod's size, which matters in the browser bundle) with English messages.
z.config(z.locales.en());

/** The flow format version this code reads and writes. Older files are migrated. */
export const currentSchemaVersion = 1;

const id = z.string().check(z.minLength(1, "must not be empty"), z.maxLength(200));
const bounded = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));

// z.number() already refuses NaN and ±Infinity.
export const positionSchema = z.strictObject({ x: z.number(), y: z.number() });

export const retrySchema = z.strictObject({
  maxAttempts: bounded(1, 100),
  initialDelayMs: z.optional(bounded(0, 86_400_000)),
  factor: z.optional(z.number().check(z.minimum(1), z.maximum(10))),
  maxDelayMs: z.optional(bounded(0, 86_400_000)),
});

/** Where a node or a flow's headless runs go: a runner whose labels include all of these. */
export const runnerPlacementSchema = z.strictObject({
  labels: z.array(z.string().check(z.regex(/^[a-z0-9][a-z0-9._:-]{0,62}$/, "a label is 1–63 lower-case letters, digits, '.', '_', ':' or '-'"))).check(z.maxLength(32)),
});

/** Fields every node has, whatever its type (SPEC rules R1–R4 use retry, timeoutMs, onError). */
const commonNodeFields = {
  id,
  label: z.optional(z.string().check(z.maxLength(200))),
  position: positionSchema,
  retry: z.optional(retrySchema),
  timeoutMs: z.optional(bounded(1, 86_400_000)),
  onError: z.optional(z.enum(["fail", "continue"])),
  /** Run this node on a team runner with these labels (a browser run hands it to the hub). */
  runner: z.optional(runnerPlacementSchema),
  /** Left out of runs: skipped with reason "disabled", its input passed on (SPEC rule K3). */
  disabled: z.optional(z.boolean()),
};

type Definition = (typeof builtInNodes)[number];
type NodeSchemaOf<D extends Definition> = z.ZodMiniObject<
  typeof commonNodeFields & { type: z.ZodMiniLiteral<D["type"]>; config: D["config"] },
  z.core.$strict
>;

function nodeSchemaOf<D extends Definition>(definition: D): NodeSchemaOf<D> {
  return z.strictObject({ ...commonNodeFields, type: z.literal(definition.type), config: definition.config }) as unknown as NodeSchemaOf<D>;
}

// Generic so TypeScript maps the tuple element by element, keeping each literal type.
type SchemasOf<T extends readonly Definition[]> = { [K in keyof T]: T[K] extends Definition ? NodeSchemaOf<T[K]> : never };
const nodeSchemas = builtInNodes.map(nodeSchemaOf) as unknown as SchemasOf<typeof builtInNodes>;

export const flowNodeSchema = z.discriminatedUnion("type", nodeSchemas);

export const flowEdgeSchema = z.strictObject({
  id,
  source: id,
  target: id,
  sourcePort: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  targetPort: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
});

const secretName = z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/, "a secret's name: 1–64 letters, digits, '_', '.' or '-'"));

const channelName = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, "a channel name is 1–64 letters, digits, '_' or '-'"));

/** Who hears about this flow's headless runs, and when (sent by the team's hub). */
export const notifySchema = z
  .strictObject({
    /** Default: failures only. `recovery`: the first success after a failure. */
    on: z.optional(z.array(z.enum(["failure", "success", "recovery"])).check(z.minLength(1))),
    /** JSON posted to each URL, signed `X-Nexus-Signature-256: sha256=<HMAC of the body>` with the team secret named. */
    webhooks: z.optional(z.array(z.strictObject({ url: z.url({ protocol: /^https?$/ }), secret: z.optional(secretName) })).check(z.minLength(1), z.maxLength(10))),
    /** Email or Slack channels named in a runner's config (`notifications`): a runner that has the channel sends it, with credentials the hub never sees. */
    channels: z.optional(z.array(channelName).check(z.minLength(1), z.maxLength(10))),
  })
  .check(z.refine((notify) => Boolean(notify.webhooks || notify.channels), "name at least one of webhooks or channels"));

export const flowSettingsSchema = z.strictObject({
  /** How many nodes may run at once (default 8). */
  concurrency: z.optional(bounded(1, 1024)),
  /** Where the flow's headless runs (API, webhooks, schedules) go. */
  runner: z.optional(runnerPlacementSchema),
  /** Notifications about headless runs. */
  notify: z.optional(notifySchema),
  /** A published flow to run when a headless run of this one fails, with the failure as its input (n8n's Error Trigger). */
  errorFlow: z.optional(id),
  /** Largest payload (run input, node input or output) in bytes of JSON (default 16 MiB). */
  maxPayloadBytes: z.optional(bounded(1024, 1024 * 1024 * 1024)),
});

/**
 * A sticky note on the canvas: Markdown text at a position, with a size. Notes never run;
 * the engine ignores them. Files without `notes` (older ones) have none.
 */
export const stickyNoteSchema = z.strictObject({
  id,
  /** Markdown; the app renders a safe subset (no HTML). */
  text: z.string().check(z.maxLength(100_000)),
  position: positionSchema,
  size: z.strictObject({ width: bounded(60, 4000), height: bounded(40, 4000) }),
  color: z.optional(z.enum(["yellow", "blue", "green", "pink", "grey"])),
});

export const flowSchema = z.strictObject({
  schemaVersion: z.literal(currentSchemaVersion),
  id,
  name: z.string().check(z.maxLength(500)),
  nodes: z.array(flowNodeSchema).check(z.maxLength(100_000)),
  edges: z.array(flowEdgeSchema).check(z.maxLength(400_000)),
  settings: z.optional(flowSettingsSchema),
  notes: z.optional(z.array(stickyNoteSchema).check(z.maxLength(10_000))),
  /**
   * Test data pinned in the editor, by node id (n8n's pinData): runs started from the editor
   * use it instead of running the node (SPEC rule N1); headless and team runs never do.
   */
  pinData: z.optional(z.record(id, z.json())),
  /**
   * The output port a pinned node sends on, by node id, where not its first: the branch a
   * condition was pinned from (`false`). SPEC rule N1.
   */
  pinPorts: z.optional(z.record(id, z.string().check(z.minLength(1), z.maxLength(100)))),
});

export type Flow = z.infer<typeof flowSchema>;
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type NodeType = FlowNode["type"];
export type StickyNote = z.infer<typeof stickyNoteSchema>;
export type RetryPolicy = z.infer<typeof retrySchema>;
