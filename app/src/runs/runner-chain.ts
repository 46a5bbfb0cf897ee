/**
 * Which runner nodes follow a runner node in a straight line, so a browser run can submit them
 * to the hub ahead (PROTOCOL J6): the hub then offers each one in the same commit that stores
 * its predecessor's result, and the tab's round trip leaves the chain's critical path.
 *
 * A link a → b is taken only where the engine is sure to hand b exactly a's output on that edge
 * once a succeeds there, and to run nothing else in between (SPEC I1–I3): b has one incoming
 * edge, from a; b is placed on a runner, is not a merge, not disabled, not pinned or reused;
 * a has no `timeoutMs` (the tab's timer could end a differently from the hub); and b is a's only
 * such successor (a straight line, not a fan-out). Whatever the hub then decides, the engine
 * would decide the same, or the job is removed unrun (J8) and submitted normally later.
 */
import type { Flow, FlowNode } from "@nexus-flow/shared";
import { nodeCatalogEntry } from "@nexus-flow/shared/catalog";

/** One node submitted ahead: it waits on `after`'s result on `port` (`defaultPort` when the result names none). */
export interface ChainLink {
  readonly node: FlowNode;
  readonly after: string;
  readonly port: string;
  readonly defaultPort?: string;
}

export interface ChainOptions {
  /** Whether a node runs on a runner (placement.ts `placementOf`). */
  readonly onRunner: (node: FlowNode) => boolean;
  /** Nodes the run does not execute: pinned (SPEC N1) or reused by a partial re-run. */
  readonly fixed?: ReadonlySet<string>;
}

const defaultOutputOf = (type: string) => nodeCatalogEntry(type)?.defaultOutput;

/**
 * @example const chainAfter = runnerChains(flow, { onRunner: (node) => !!placementOf(node) });
 * chainAfter("a", 64) // [{ node: b, after: "a", port: "out", defaultPort: "out" }, { node: c, after: "b", … }]
 */
export function runnerChains(flow: Pick<Flow, "nodes" | "edges">, options: ChainOptions): (nodeId: string, limit: number) => ChainLink[] {
  const byId = new Map(flow.nodes.map((node) => [node.id, node]));
  const incoming = new Map<string, number>();
  const outgoing = new Map<string, Flow["edges"]>();
  for (const edge of flow.edges) {
    incoming.set(edge.target, (incoming.get(edge.target) ?? 0) + 1);
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge]);
  }
  const eligible = (node: FlowNode | undefined): node is FlowNode =>
    !!node && options.onRunner(node) && node.type !== "merge" && !node.type.startsWith("trigger.") && !node.disabled && !options.fixed?.has(node.id) && incoming.get(node.id) === 1;

  function next(from: FlowNode): ChainLink | undefined {
    if (from.timeoutMs !== undefined) return undefined;
    const links = (outgoing.get(from.id) ?? []).filter((edge) => eligible(byId.get(edge.target)));
    if (links.length !== 1) return undefined;
    const edge = links[0]!;
    const defaultPort = defaultOutputOf(from.type);
    const port = edge.sourcePort ?? defaultPort;
    if (port === undefined) return undefined;
    return { node: byId.get(edge.target)!, after: from.id, port, ...(defaultPort === undefined ? {} : { defaultPort }) };
  }

  return (nodeId, limit) => {
    const chain: ChainLink[] = [];
    const seen = new Set([nodeId]);
    for (let at = byId.get(nodeId); at && chain.length < limit; ) {
      const link = next(at);
      if (!link || seen.has(link.node.id)) break; // a cycle cannot compile; never loop on one anyway
      seen.add(link.node.id);
      chain.push(link);
      at = link.node;
    }
    return chain;
  };
}
