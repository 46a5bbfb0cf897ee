import * as z from "zod/mini";
import { defineNode, NodeBehaviour, singlePorts } from "./node-definition.ts";

/** Waits for a person to approve or reject (SPEC rules A1–A3). */
export const approval = defineNode({
  type: "approval",
  title: "Approval",
  group: "Logic",
  description: "Pauses the run until someone approves (passes the input on) or rejects (fails the node).",
  config: z.strictObject({ message: z.optional(z.string().check(z.maxLength(10_000))) }),
  behaviour: NodeBehaviour.Approval,
  ...singlePorts,
  runsOn: "browser",
});
