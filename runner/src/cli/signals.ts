import { dict, hasKey, type ApprovalDecision, type Flow } from "@nexus-flow/shared";
import { UsageError } from "./cli-io.ts";

/** `--approve ID` / `--reject ID` → decisions, checked against the flow's approval nodes. */
export function approvalSignals(flow: Flow, approve: readonly string[] = [], reject: readonly string[] = []): Record<string, ApprovalDecision> {
  const approvals = new Set(flow.nodes.filter((node) => node.type === "approval").map((node) => node.id));
  const signals = dict<ApprovalDecision>(); // by node id: an approval may be called `constructor`
  const by = `cli:${process.env.USER ?? "user"}`;
  for (const [ids, approved] of [[approve, true], [reject, false]] as const) {
    for (const id of ids) {
      if (!approvals.has(id)) throw new UsageError(`--${approved ? "approve" : "reject"} ${id}: the flow has no approval node "${id}"${approvals.size ? ` (approval nodes: ${[...approvals].join(", ")})` : ""}`);
      if (hasKey(signals, id)) throw new UsageError(`approval "${id}" is given twice`);
      signals[id] = { approved, by };
    }
  }
  return signals;
}
