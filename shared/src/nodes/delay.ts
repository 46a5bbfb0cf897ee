import * as z from "zod/mini";
import { defineNode, NodeBehaviour, singlePorts } from "./node-definition.ts";

const oneYearMs = 366 * 24 * 3600 * 1000;

/** A durable timer: its wake-up time is written to the run log (SPEC rule D1). */
export const delay = defineNode({
  type: "delay",
  title: "Delay",
  group: "Logic",
  description: "Waits, then passes its input through. Survives restarts.",
  config: z.strictObject({ ms: z.int().check(z.minimum(0), z.maximum(oneYearMs)) }),
  behaviour: NodeBehaviour.Delay,
  ...singlePorts,
  runsOn: "browser",
});
