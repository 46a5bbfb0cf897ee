import * as z from "zod/mini";
import { defineNode, NodeBehaviour, singlePorts } from "./node-definition.ts";

/** Joins branches; the engine computes its output (SPEC rules M1–M3). */
export const merge = defineNode({
  type: "merge",
  title: "Merge",
  group: "Logic",
  description: "Waits for its inputs. `all`: every input that was not skipped; `any`: at least one.",
  config: z.strictObject({ mode: z.optional(z.enum(["all", "any"])) }),
  behaviour: NodeBehaviour.Merge,
  ...singlePorts,
  runsOn: "browser",
});
