import type * as Y from "yjs";
import { createSignal, onCleanup, type Accessor } from "solid-js";
import { validateFlow, type Flow, type FlowIssue } from "@nexus-flow/shared";
import { readFlow } from "../flow-doc/index.ts";

export interface FlowIssues {
  /** Issues of each node, paths relative to the node (`config.code: …`). */
  readonly byNode: Record<string, FlowIssue[]>;
  /** Issues of the flow as a whole and of edges, with their full paths. */
  readonly other: FlowIssue[];
  /** The validated flow when there is no issue. */
  readonly flow?: Flow;
}

/**
 * Validates the draft as it changes (debounced) so problems show in place: on the node on
 * the canvas, in the inspector next to the field.
 */
export function trackFlowIssues(doc: Y.Doc, debounceMs = 120): Accessor<FlowIssues> {
  const [issues, setIssues] = createSignal<FlowIssues>(check(doc));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onUpdate = () => {
    clearTimeout(timer);
    timer = setTimeout(() => setIssues(check(doc)), debounceMs);
  };
  doc.on("update", onUpdate);
  onCleanup(() => (doc.off("update", onUpdate), clearTimeout(timer)));
  return issues;
}

export function check(doc: Y.Doc): FlowIssues {
  const draft = readFlow(doc);
  const result = validateFlow(draft);
  if (result.ok) return { byNode: {}, other: [], flow: result.flow };
  const byNode: Record<string, FlowIssue[]> = {};
  const other: FlowIssue[] = [];
  for (const issue of result.issues) {
    const match = /^nodes\[(\d+)\]\.?(.*)$/.exec(issue.path);
    const node = match ? draft.nodes[Number(match[1])] : undefined;
    if (node) (byNode[node.id] ??= []).push({ path: match![2]!, message: issue.message });
    else other.push(issue);
  }
  return { byNode, other };
}
