import * as z from "zod/mini";
import { defineNode, NodeBehaviour, singlePorts } from "./node-definition.ts";

/** Passes its input through unchanged; useful as a junction and to measure the scheduler. */
export const noop = defineNode({
  type: "noop",
  title: "No operation",
  group: "Logic",
  description: "Does nothing; passes its input through.",
  config: z.strictObject({}),
  behaviour: NodeBehaviour.Task,
  ...singlePorts,
  runsOn: "browser",
  execute: (execution) => ({ output: execution.input }),
});
