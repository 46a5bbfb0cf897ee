import * as z from "zod/mini";
import { defineNode, NodeBehaviour, singlePorts } from "./node-definition.ts";
import type { SandboxResult } from "../sandbox/sandbox.ts";
import { callLimitsOf, codeScopeOf, mapResult, requireSandbox, valueOrThrow } from "./code-scope.ts";

const toOutput = (result: SandboxResult) => ({ output: valueOrThrow(result) });

/** Runs user JavaScript in the sandbox; the return value is the output (SPEC rule T1). */
export const transform = defineNode({
  type: "transform",
  title: "Code",
  group: "Code",
  description: "Runs JavaScript with `input` and `ctx` in scope; returns the output.",
  config: z.strictObject({ code: z.string().check(z.maxLength(1_000_000)) }),
  behaviour: NodeBehaviour.Task,
  ...singlePorts,
  runsOn: "browser",
  execute: (execution) => mapResult(requireSandbox(execution).runFunction(execution.config.code, codeScopeOf(execution), callLimitsOf(execution)), toOutput),
});
