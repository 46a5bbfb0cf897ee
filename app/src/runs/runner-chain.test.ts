import { describe, expect, it } from "vitest";
import type { Flow, FlowNode } from "@nexus-flow/shared";
import { runnerChains } from "./runner-chain.ts";

const node = (id: string, extra: Partial<FlowNode> & { type?: string } = {}): FlowNode => ({ id, type: "noop", position: { x: 0, y: 0 }, config: {}, runner: { labels: [] }, ...extra }) as FlowNode;
const edge = (source: string, target: string, sourcePort?: string) => ({ id: `${source}-${target}`, source, target, ...(sourcePort ? { sourcePort } : {}) });
const chainOf = (flow: Pick<Flow, "nodes" | "edges">, from: string, limit = 64, fixed: string[] = []) =>
  runnerChains(flow, { onRunner: (candidate) => !!candidate.runner, fixed: new Set(fixed) })(from, limit).map((link) => `${link.after}→${link.node.id}:${link.port}`);

describe("runner chains submitted ahead (J6)", () => {
  it("follows a straight line of runner nodes, each after the one before, up to the limit", () => {
    // a → b → c → d
    const flow = { nodes: [node("a"), node("b"), node("c"), node("d")], edges: [edge("a", "b"), edge("b", "c"), edge("c", "d")] };
    expect(chainOf(flow, "a")).toEqual(["a→b:out", "b→c:out", "c→d:out"]);
    expect(chainOf(flow, "a", 2)).toEqual(["a→b:out", "b→c:out"]);
  });

  it("stops where the engine could decide otherwise than the hub: a timeout, a merge, a second in-edge, a disabled, pinned or browser node, a fan-out", () => {
    const line = (b: FlowNode, from: FlowNode = node("a")) => ({ nodes: [from, b, node("c")], edges: [edge("a", "b"), edge("b", "c")] });
    expect(chainOf(line(node("b"), node("a", { timeoutMs: 1000 })), "a")).toEqual([]);
    expect(chainOf(line(node("b", { type: "merge", config: { mode: "all" } } as never)), "a")).toEqual([]);
    expect(chainOf(line(node("b", { disabled: true })), "a")).toEqual([]);
    expect(chainOf(line(node("b", { runner: undefined })), "a")).toEqual([]);
    expect(chainOf(line(node("b")), "a", 64, ["b"])).toEqual([]);
    // a → b ← x (two in-edges)
    expect(chainOf({ nodes: [node("a"), node("b"), node("x")], edges: [edge("a", "b"), edge("x", "b")] }, "a")).toEqual([]);
    // a → b, a → c (fan-out)
    expect(chainOf({ nodes: [node("a"), node("b"), node("c")], edges: [edge("a", "b"), edge("a", "c")] }, "a")).toEqual([]);
  });

  it("a condition's one runner successor waits on its port; the branch to the tab is not followed", () => {
    // cond ─true→ yes (runner) ; cond ─false→ no (tab)
    const flow = { nodes: [node("cond", { type: "condition", config: { expression: "true" } } as never), node("yes"), node("no", { runner: undefined })], edges: [edge("cond", "yes", "true"), edge("cond", "no", "false")] };
    const links = runnerChains(flow, { onRunner: (candidate) => !!candidate.runner })("cond", 64);
    expect(links.map((link) => ({ node: link.node.id, port: link.port, defaultPort: link.defaultPort }))).toEqual([{ node: "yes", port: "true", defaultPort: undefined }]);
  });
});
