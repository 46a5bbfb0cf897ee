import type { Flow, FlowIssue } from "@nexus-flow/shared";
import { displayNames } from "./node-names.ts";

/**
 * A validation issue in the words of the canvas: node ids in its message become node names
 * (`"http-request-nttg"` → `"HTTP request 2"`, `a → b → a` in a cycle), and an edge's path
 * says which nodes it joins (its index kept); a node's path starts with its name (`HTTP request 2 › config.url`).
 * @example nameIssue({ path: "edges[0]", message: 'cycle: a → b → a' }, flow) // { path: "edges[0] (Shape → Enrich)", message: "cycle: Shape → Enrich → Shape" }
 */
export function nameIssue(issue: FlowIssue, flow: Pick<Flow, "nodes" | "edges">, names = namesOf(flow)): FlowIssue {
  const name = (id: string) => names.get(id) ?? id;
  const message = issue.message
    .replace(/"([^"]+)"/g, (whole, id: string) => (names.has(id) ? `"${name(id)}"` : whole))
    .replace(/[^\s"→:,;()]+(?= →)|(?<=→ )[^\s"→:,;()]+/g, (token) => (names.has(token) ? name(token) : token));
  const edge = /^edges\[(\d+)\]/.exec(issue.path);
  const joined = edge ? flow.edges[Number(edge[1])] : undefined;
  const node = /^nodes\[(\d+)\]\.?/.exec(issue.path);
  const owner = node ? flow.nodes[Number(node[1])] : undefined;
  const path = joined
    ? issue.path.replace(edge![0], `${edge![0]} (${name(joined.source)} → ${name(joined.target)})`)
    : owner
      ? `${name(owner.id)}${issue.path.length > node![0].length ? ` › ${issue.path.slice(node![0].length)}` : ""}`
      : issue.path;
  return { ...issue, path, message };
}

export const namesOf = (flow: Pick<Flow, "nodes">) => displayNames(Object.fromEntries(flow.nodes.map((node) => [node.id, node])));
