import * as z from "zod/mini";
import { defineNode, NodeBehaviour } from "./node-definition.ts";

/** Starts a flow by hand; its output is the run input. */
export const triggerManual = defineNode({
  type: "trigger.manual",
  title: "Manual trigger",
  group: "Triggers",
  description: "Starts the flow when you press Run. Outputs the run input.",
  config: z.strictObject({}),
  behaviour: NodeBehaviour.Trigger,
  inputs: [],
  outputs: ["out"],
  defaultOutput: "out",
  runsOn: "browser",
});
