import * as z from "zod/mini";
import { flowSchema } from "./flow-schema.ts";
import { nodeDefinition } from "../nodes/registry.ts";

/**
 * The flow format as JSON Schema (draft 2020-12), derived from the validator so the two
 * cannot drift. `shared/flow.schema.json` is this, written by `npm run gen:schema`.
 */
export function flowJsonSchema(): Record<string, unknown> {
  return {
    title: "Nexus Flow flow document (schemaVersion 1)",
    ...z.toJSONSchema(flowSchema, { target: "draft-2020-12", io: "input" }),
  };
}

/**
 * The JSON Schema of one node type's `config` (what a form for it is generated from), or
 * `undefined` for an unknown type.
 * @example nodeConfigJsonSchema("delay") // { type: "object", properties: { ms: { type: "integer", … } }, … }
 */
export function nodeConfigJsonSchema(type: string): Record<string, unknown> | undefined {
  const definition = nodeDefinition(type);
  return definition ? (z.toJSONSchema(definition.config, { io: "input", unrepresentable: "any" }) as Record<string, unknown>) : undefined;
}
