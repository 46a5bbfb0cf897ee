import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatIssue, formatPath } from "./flow-issue.ts";
import { validateFlow } from "./validate-flow.ts";

type Doc = Record<string, unknown>;
const node = (id: string, type = "noop", config: unknown = {}, extra: Doc = {}) => ({ id, type, position: { x: 0, y: 0 }, config, ...extra });
const edge = (id: string, source: string, target: string, extra: Doc = {}) => ({ id, source, target, ...extra });
const doc = (nodes: unknown[], edges: unknown[] = [], extra: Doc = {}) => ({ schemaVersion: 1, id: "f", name: "flow", nodes, edges, ...extra });

/** The formatted issues of an invalid document (`path: message`). */
function issues(document: unknown): string[] {
  const result = validateFlow(document);
  if (result.ok) throw new Error("expected the document to be invalid");
  return result.issues.map(formatIssue);
}

describe("validateFlow: schema", () => {
  it("accepts a valid flow and compiles it", () => {
    const result = validateFlow(doc([node("s", "trigger.manual"), node("a")], [edge("e", "s", "a")], { settings: { concurrency: 4 } }));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.compiled.nodes.map((n) => n.id)).toEqual(["s", "a"]);
  });

  it("every error says where: a bad config field names its path", () => {
    expect(issues(doc([node("a"), node("b"), node("t", "transform", { code: 5 })]))).toEqual(["nodes[2].config.code: expected string, got number"]);
  });

  it("reports every problem at once, each with its own path", () => {
    const list = issues(doc([node("a", "noop", {}, { retry: { maxAttempts: 0 } }), node("d", "delay", { ms: -1 }), { id: "x", type: "noop", config: {} }], [], { name: 5 }));
    expect(list).toHaveLength(4);
    expect(list.map((line) => line.split(":")[0])).toEqual(expect.arrayContaining(["name", "nodes[0].retry.maxAttempts", "nodes[1].config.ms", "nodes[2].position"]));
  });

  it("rejects unknown properties, pointing at the property itself", () => {
    expect(issues(doc([node("a", "noop", {}, { colour: "red" })], [], { extra: 1 }))).toEqual(["nodes[0].colour: unknown property", "extra: unknown property"]);
    expect(issues(doc([node("a", "noop", { x: 1 })]))).toEqual(["nodes[0].config.x: unknown property"]);
    expect(issues(doc([node("a"), node("b")], [edge("e", "a", "b", { label: "x" })]))).toEqual(["edges[0].label: unknown property"]);
  });

  it("rejects unknown node types and lists the known ones", () => {
    const [issue] = issues(doc([node("a"), node("b", "shell", { command: "rm -rf /" })]));
    expect(issue).toMatch(/^nodes\[1\]\.type: unknown node type "shell"; known types: .*transform.*http\.request/);
  });

  it("rejects empty ids and wrong value types", () => {
    expect(issues(doc([node("")]))).toEqual(["nodes[0].id: must not be empty"]);
    expect(issues(doc([node("a", "delay", { ms: "soon" })]))).toEqual(["nodes[0].config.ms: expected number, got string"]);
    expect(issues(doc([node("a", "noop", {}, { onError: "ignore" })]))[0]).toMatch(/^nodes\[0\]\.onError: /);
  });

  it("formats paths with brackets for indexes and odd keys", () => {
    expect(formatPath(["nodes", 2, "config", "code"])).toBe("nodes[2].config.code");
    expect(formatPath(["headers", "x-user"])).toBe('headers["x-user"]');
    expect(formatIssue({ path: "", message: "bad" })).toBe("bad");
  });
});

describe("validateFlow: graph", () => {
  it("rejects duplicate node ids and duplicate edge ids, naming the first", () => {
    expect(issues(doc([node("a"), node("b"), node("a")]))).toEqual(['nodes[2].id: duplicate node id "a" (also nodes[0])']);
    // After a duplicate, the kept nodes' places in the file and among the compiled nodes differ.
    expect(issues(doc([node("a"), node("a"), node("b"), node("c"), node("b"), node("a")]))).toEqual([
      'nodes[1].id: duplicate node id "a" (also nodes[0])',
      'nodes[4].id: duplicate node id "b" (also nodes[2])',
      'nodes[5].id: duplicate node id "a" (also nodes[0])',
    ]);
    expect(issues(doc([node("a"), node("b")], [edge("e", "a", "b"), edge("e", "b", "a")]))).toEqual(['edges[1].id: duplicate edge id "e" (also edges[0])']);
  });

  it("rejects dangling edges on either end", () => {
    expect(issues(doc([node("a")], [edge("e1", "a", "ghost"), edge("e2", "nobody", "a")]))).toEqual([
      'edges[0].target: no node with id "ghost"',
      'edges[1].source: no node with id "nobody"',
    ]);
  });

  it("checks ports: a branching node's edge must name its port; ports must exist; triggers take no input", () => {
    const nodes = [node("a"), node("c", "condition", { expression: "1" }), node("s", "trigger.manual")];
    const edges = [edge("e1", "c", "a"), edge("e2", "a", "c", { sourcePort: "nope" }), edge("e3", "a", "s"), edge("e4", "s", "c", { targetPort: "x" })];
    expect(issues(doc(nodes, edges))).toEqual([
      'edges[0].sourcePort: node "c" has several outputs (true, false); name one',
      'edges[1].sourcePort: node "a" (noop) has no output port "nope"; its ports: out',
      'edges[2].target: node "s" (trigger.manual) starts a flow and takes no incoming edges',
      'edges[3].targetPort: node "c" (condition) has no input port "x"; its ports: in',
    ]);
  });

  it("accepts named ports that exist", () => {
    const nodes = [node("c", "condition", { expression: "1" }), node("a"), node("b")];
    expect(validateFlow(doc(nodes, [edge("e1", "c", "a", { sourcePort: "true" }), edge("e2", "c", "b", { sourcePort: "false", targetPort: "in" })])).ok).toBe(true);
  });

  //   a → b → c → a,  c → d
  it("a cycle names its nodes in order and points at the edge that closes it", () => {
    const nodes = [node("a"), node("b"), node("c"), node("d")];
    expect(issues(doc(nodes, [edge("e1", "a", "b"), edge("e2", "b", "c"), edge("e3", "c", "a"), edge("e4", "c", "d")]))).toEqual(["edges[2]: cycle: a → b → c → a"]);
  });

  it("a self-loop is a cycle", () => {
    expect(issues(doc([node("a")], [edge("e1", "a", "a")]))).toEqual(["edges[0]: cycle: a → a"]);
  });

  //   a → b, a → c, b → c, and d alone
  it("gives each node edge lists of its own, in the flow's edge order, empty ones included", () => {
    const result = validateFlow(doc([node("a"), node("b"), node("c"), node("d")], [edge("e1", "a", "b"), edge("e2", "a", "c"), edge("e3", "b", "c")]));
    if (!result.ok) throw new Error("expected a valid flow");
    const ids = (list: ReadonlyArray<{ id: string }>) => list.map((each) => each.id);
    expect(result.compiled.nodes.map((each) => [ids(each.inEdges), ids(each.outEdges)])).toEqual([
      [[], ["e1", "e2"]],
      [["e1"], ["e3"]],
      [["e2", "e3"], []],
      [[], []],
    ]);
    const lists = result.compiled.nodes.flatMap((each) => [each.inEdges, each.outEdges]);
    expect(new Set(lists).size).toBe(lists.length);
    result.compiled.nodes[3]!.inEdges.push(result.compiled.nodes[0]!.outEdges[0]!);
    const again = validateFlow(doc([node("x")]));
    expect(again.ok && again.compiled.nodes[0]!.inEdges).toEqual([]);
  });

  //   random forward edges plus planted loops
  it("a reported cycle is always a real cycle of the graph (property)", () => {
    const graphs = fc.record({
      size: fc.integer({ min: 2, max: 12 }),
      forward: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 30 }),
      back: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(graphs, ({ size, forward, back }) => {
        const pairs: Array<readonly [number, number]> = forward.map(([x, y]) => [Math.min(x % size, y % size), Math.max(x % size, y % size)] as const).filter(([i, j]) => i !== j);
        // Each planted cycle: a forward path i → … → j and the edge j → i (a self-loop when i = j).
        for (const [x, y] of back) {
          const [i, j] = [Math.min(x % size, y % size), Math.max(x % size, y % size)];
          for (let k = i; k < j; k++) pairs.push([k, k + 1]);
          pairs.push([j, i]);
        }
        const edges = pairs.map(([i, j], k) => edge(`e${k}`, `n${i}`, `n${j}`));
        const result = validateFlow(doc(Array.from({ length: size }, (_, i) => node(`n${i}`)), edges));
        expect(result.ok).toBe(false);
        if (result.ok) return;
        const [issue] = result.issues;
        const ids = issue!.message.replace(/^cycle: /, "").split(" → ");
        expect(ids[0]).toBe(ids.at(-1));
        const present = new Set(pairs.map(([i, j]) => `n${i}>n${j}`));
        for (let k = 1; k < ids.length; k++) expect(present.has(`${ids[k - 1]}>${ids[k]}`)).toBe(true);
        expect(new Set(ids.slice(1)).size).toBe(ids.length - 1);
      }),
      { numRuns: 200 },
    );
  });
});
