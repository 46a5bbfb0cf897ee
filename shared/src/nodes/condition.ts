import * as z from "zod/mini";
import { defineNode, NodeBehaviour } from "./node-definition.ts";
import { callLimitsOf, codeScopeOf, mapResult, requireSandbox, valueOrThrow } from "./code-scope.ts";

/** Sends its input out on port `true` or `false` (SPEC rule C1). */
export const condition = defineNode({
  type: "condition",
  title: "If",
  group: "Logic",
  description: "Evaluates a JavaScript expression and routes the input to `true` or `false`.",
  config: z.strictObject({ expression: z.string().check(z.minLength(1), z.maxLength(100_000)) }),
  behaviour: NodeBehaviour.Task,
  inputs: ["in"],
  outputs: ["true", "false"],
  runsOn: "browser",
  execute: (execution) =>
    mapResult(requireSandbox(execution).evaluate(execution.config.expression, codeScopeOf(execution), callLimitsOf(execution)), (result) => ({
      output: execution.input,
      port: valueOrThrow(result) ? "true" : "false",
    })),
});
