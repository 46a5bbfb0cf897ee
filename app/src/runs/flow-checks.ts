/**
 * The validation the page asks the engine worker for (engine-api.ts `FlowChecksApi`). It
 * runs in the worker because the validator brings zod's flow schema and graphology, which
 * the worker needs anyway to run flows; the page would otherwise ship them a second time.
 * Answers are plain data: the compiled flow (a graphology graph) never crosses.
 */
import { ErrorCode, flowEdgeSchema, flowNodeSchema, formatIssue, parseFlowFile, planRerun, toErrorData, validateFlow, type FlowResult } from "@nexus-flow/shared";
import type { FlowCheck, FlowChecksApi } from "./engine-api.ts";
import { planSingleNode } from "./single-node-run.ts";

const checkOf = (result: FlowResult): FlowCheck => (result.ok ? { ok: true, flow: result.flow } : { ok: false, issues: result.issues });

/** @example await flowChecks.validate(readFlow(doc)) // { ok: false, issues: [{ path: "edges[2]", message: "cycle: a → b → a" }] } */
export const flowChecks: FlowChecksApi = {
  validate: async (draft) => checkOf(validateFlow(draft)),
  parseFlowFile: async (text) => checkOf(parseFlowFile(text)),

  async planRerun(source, draft, fromNode) {
    const checked = validateFlow(draft);
    if (!checked.ok) {
      const message = `The flow has problems: ${checked.issues.slice(0, 3).map(formatIssue).join("; ")}`;
      return { ok: false, error: { code: ErrorCode.InvalidFlow, message, retryable: false } };
    }
    try {
      return { ok: true, value: { flow: checked.flow, ...planRerun(source, checked.compiled, fromNode) } };
    } catch (error) {
      return { ok: false, error: toErrorData(error) };
    }
  },

  async planSingleNode(source, draft, nodeId) {
    const checked = validateFlow(draft);
    if (!checked.ok) return { ok: false, error: { code: ErrorCode.InvalidFlow, message: "The flow has problems", retryable: false } };
    try {
      return { ok: true, value: planSingleNode(source, checked.compiled, nodeId) };
    } catch (error) {
      return { ok: false, error: toErrorData(error) };
    }
  },

  async cleanFragment(nodes, edges) {
    const keptNodes = nodes.flatMap((node) => {
      const parsed = flowNodeSchema.safeParse(node);
      return parsed.success ? [parsed.data] : [];
    });
    const ids = new Set(keptNodes.map((node) => node.id));
    const keptEdges = edges.flatMap((edge) => {
      const parsed = flowEdgeSchema.safeParse(edge);
      return parsed.success && ids.has(parsed.data.source) && ids.has(parsed.data.target) ? [parsed.data] : [];
    });
    return { nodes: keptNodes, edges: keptEdges };
  },
};
