import { z } from "zod";
import { flowSchema } from "./flow-schema.ts";

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
