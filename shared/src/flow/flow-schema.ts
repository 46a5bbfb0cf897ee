import { z } from "zod";
import { builtInNodes } from "../nodes/registry.ts";

/** The flow format version this code reads and writes. Older files are migrated. */
export const currentSchemaVersion = 1;

const id = z.string().min(1, "must not be empty").max(200);
const finite = z.number().refine(Number.isFinite, "must be a finite number");

export const positionSchema = z.strictObject({ x: finite, y: finite });

export const retrySchema = z.strictObject({
  maxAttempts: z.int().min(1).max(100),
  initialDelayMs: z.int().min(0).max(86_400_000).optional(),
  factor: z.number().min(1).max(10).optional(),
  maxDelayMs: z.int().min(0).max(86_400_000).optional(),
});

/** Fields every node has, whatever its type (SPEC rules R1–R4 use retry, timeoutMs, onError). */
const commonNodeFields = {
  id,
  label: z.string().max(200).optional(),
  position: positionSchema,
  retry: retrySchema.optional(),
  timeoutMs: z.int().min(1).max(86_400_000).optional(),
  onError: z.enum(["fail", "continue"]).optional(),
};

type Definition = (typeof builtInNodes)[number];
type NodeSchemaOf<D extends Definition> = z.ZodObject<
  typeof commonNodeFields & { type: z.ZodLiteral<D["type"]>; config: D["config"] },
  z.core.$strict
>;

function nodeSchemaOf<D extends Definition>(definition: D): NodeSchemaOf<D> {
  return z.strictObject({ ...commonNodeFields, type: z.literal(definition.type), config: definition.config }) as NodeSchemaOf<D>;
}

// Generic so TypeScript maps the tuple element by element, keeping each literal type.
type SchemasOf<T extends readonly Definition[]> = { [K in keyof T]: T[K] extends Definition ? NodeSchemaOf<T[K]> : never };
const nodeSchemas = builtInNodes.map(nodeSchemaOf) as unknown as SchemasOf<typeof builtInNodes>;

export const flowNodeSchema = z.discriminatedUnion("type", nodeSchemas);

export const flowEdgeSchema = z.strictObject({
  id,
  source: id,
  target: id,
  sourcePort: z.string().min(1).max(100).optional(),
  targetPort: z.string().min(1).max(100).optional(),
});

export const flowSettingsSchema = z.strictObject({
  /** How many nodes may run at once (default 8). */
  concurrency: z.int().min(1).max(1024).optional(),
});

export const flowSchema = z.strictObject({
  schemaVersion: z.literal(currentSchemaVersion),
  id,
  name: z.string().max(500),
  nodes: z.array(flowNodeSchema).max(100_000),
  edges: z.array(flowEdgeSchema).max(400_000),
  settings: flowSettingsSchema.optional(),
});

export type Flow = z.infer<typeof flowSchema>;
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type NodeType = FlowNode["type"];
export type RetryPolicy = z.infer<typeof retrySchema>;
