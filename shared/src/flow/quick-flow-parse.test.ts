import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flowSchema } from "./flow-schema.ts";
import { parseFlowQuickly } from "./quick-flow-parse.ts";
import { validateFlow } from "./validate-flow.ts";
import { checkJson, maxNestingDepth } from "../json-limits.ts";
import { formatPath } from "./flow-issue.ts";
import { flowIssuesFromZod } from "./zod-issues.ts";
import { compileFlow } from "./compile-flow.ts";

/**
 * The quick path must never disagree with zod: for any document it answers either nothing
 * (zod decides) or exactly zod's data, keys in the same order. Seeded: fast-check prints the
 * seed and the shrunk document of a failure; pin it below as a regression.
 */

const at = (i: number) => ({ x: i * 10, y: -i });
const baseNodes = [
  { id: "start", type: "trigger.manual", position: at(0), config: {} },
  { type: "transform", id: "t", config: { code: "return input" }, position: at(1), label: "Double" },
  { id: "c", position: at(2), type: "condition", config: { expression: "input > 1" }, retry: { maxAttempts: 3 } },
  { id: "m", type: "merge", position: at(3), config: { mode: "any" }, onError: "continue", timeoutMs: 500 },
  { id: "d", type: "delay", position: at(4), config: { ms: 10 }, runner: { labels: ["gpu"] } },
  { id: "h", type: "http.request", position: at(5), config: { url: "https://example.com/{{ input.id }}", method: "POST" } },
];
const baseEdges = [
  { id: "e1", source: "start", target: "t" },
  { target: "c", source: "t", id: "e2" },
  { id: "e3", source: "c", target: "m", sourcePort: "true" },
  { id: "e4", source: "m", target: "d", targetPort: "in" },
];
const baseFlow = { schemaVersion: 1, id: "f", name: "Quick", nodes: baseNodes, edges: baseEdges, settings: { concurrency: 4 } };

/** Values that break one rule or another: wrong types, empty and long strings, odd numbers. */
const oddValue = fc.constantFrom<unknown>(undefined, null, "", "x".repeat(201), "x".repeat(501), 0, -0, 1.5, -1, NaN, Infinity, 2 ** 60, true, [], {}, { x: 1 }, { x: 1, y: 2, z: 3 }, "transform", "nope");
const fieldName = fc.constantFrom("id", "type", "position", "config", "label", "retry", "timeoutMs", "onError", "runner", "source", "target", "sourcePort", "targetPort", "extra", "schemaVersion", "name", "nodes", "edges", "settings", "x", "y", "code", "ms", "mode");

/** A path into the base flow and what to do there: set a field to an odd value, or delete it. */
const mutation = fc.record({
  where: fc.constantFrom("flow", "node", "edge", "position", "config", "settings"),
  index: fc.nat(5),
  field: fieldName,
  value: fc.option(oddValue, { nil: undefined }),
  remove: fc.boolean(),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(document: Record<string, unknown>, change: Mutation): void {
  const pick = (list: unknown) => (Array.isArray(list) && list.length ? (list[change.index % list.length] as Record<string, unknown> | undefined) : undefined);
  const node = pick(document.nodes);
  const targets: Record<Mutation["where"], unknown> = {
    flow: document,
    node,
    edge: pick(document.edges),
    position: node?.position,
    config: node?.config,
    settings: document.settings,
  };
  const target = targets[change.where];
  if (typeof target !== "object" || target === null) return;
  if (change.remove) delete (target as Record<string, unknown>)[change.field];
  else (target as Record<string, unknown>)[change.field] = change.value;
}

describe("parseFlowQuickly: the quick path through the flow schema", () => {
  it("answers a well-formed flow with exactly zod's data, keys in zod's order", () => {
    const quick = parseFlowQuickly(structuredClone(baseFlow));
    const zod = flowSchema.safeParse(structuredClone(baseFlow));
    expect(zod.success).toBe(true);
    expect(quick).toBeDefined();
    expect(JSON.stringify(quick)).toBe(JSON.stringify(zod.data));
  });

  it("never disagrees with zod: for any mutated flow it answers nothing or zod's data (seeded)", () => {
    let answered = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (changes) => {
        const document = structuredClone(baseFlow) as Record<string, unknown>;
        for (const change of changes) mutate(document, change);
        const quick = parseFlowQuickly(structuredClone(document));
        const zod = flowSchema.safeParse(structuredClone(document));
        if (quick === undefined) return;
        answered++;
        expect(zod.success).toBe(true);
        expect(JSON.stringify(quick)).toBe(JSON.stringify(zod.data));
        expect(quick).toEqual(zod.data);
      }),
      { seed: 20261207, numRuns: 2000 },
    );
    expect(answered).toBeGreaterThan(100); // the property said something about valid flows too
  });

  it("leaves a flow with a problem to zod, so the message and its path are zod's", () => {
    const bad = structuredClone(baseFlow) as { nodes: Array<Record<string, unknown>> };
    bad.nodes[1]!.position = { x: 1, y: 2, z: 3 };
    expect(parseFlowQuickly(bad)).toBeUndefined();
    expect(validateFlow(bad)).toEqual({ ok: false, issues: [{ path: "nodes[1].position.z", message: "unknown property" }] });
  });

  it("answers equal configs of many nodes with zod's data, each node its own config object", () => {
    const nodes = [baseNodes[0]!, ...Array.from({ length: 50 }, (_, i) => ({ id: `n${i}`, type: "transform", position: at(i), config: { code: "return { v: (input.v || 0) + 1 }" } }))];
    const document = { schemaVersion: 1, id: "fan", name: "Fan", nodes, edges: [] };
    const quick = parseFlowQuickly(structuredClone(document))!;
    expect(quick).toStrictEqual(flowSchema.safeParse(structuredClone(document)).data);
    expect(new Set(quick.nodes.map((node) => node.config)).size).toBe(nodes.length);
  });

  it("tells apart configs that look alike: one field fewer, a value holding another field's text", () => {
    const configs = [{ url: "https://x/", method: "GET" }, { url: "https://x/" }, { url: "https://x/", method: "GET" }, { url: "https://x/|methodsGET" }, { method: "GET", url: "https://x/" }];
    const nodes = configs.map((config, i) => ({ id: `h${i}`, type: "http.request", position: at(i), config }));
    const document = { schemaVersion: 1, id: "f", name: "", nodes, edges: [] };
    expect(parseFlowQuickly(structuredClone(document))!.nodes.map((node) => node.config)).toStrictEqual(configs);
  });

  it("never answers one config with another's data: configs drawn from a few look-alikes, against zod (seeded)", () => {
    let answered = 0;
    // Values that look alike once written out: "1" and 1, 0 and -0, "true" and true, separators inside strings.
    const mostly = (field: string, valid: unknown[], invalid: unknown[]) => fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 4 }, { arbitrary: fc.constantFrom(...invalid), weight: 1 }).map((value) => ({ [field]: value }));
    const node = fc.oneof(
      fc.record({ type: fc.constant("transform"), config: mostly("code", ["1", "true", "null", "|4:code", "s1:x"], [1, true, null]) }),
      fc.record({ type: fc.constant("condition"), config: mostly("expression", ["1", "true", "null"], [1, true, null]) }),
      fc.record({ type: fc.constant("delay"), config: mostly("ms", [1, 0, -0], ["1", "0", null]) }),
      fc.record({ type: fc.constant("merge"), config: mostly("mode", ["any", "all"], ["|4:mode", null, 1]) }),
    );
    fc.assert(
      fc.property(fc.array(node, { minLength: 2, maxLength: 6 }), (drawn) => {
        const nodes = drawn.map((each, i) => ({ id: `n${i}`, position: at(i), ...each }));
        const document = { schemaVersion: 1, id: "f", name: "", nodes, edges: [] };
        const quick = parseFlowQuickly(structuredClone(document));
        const zod = flowSchema.safeParse(structuredClone(document));
        if (quick === undefined) return;
        answered++;
        expect(zod.success).toBe(true);
        expect(quick).toStrictEqual(zod.data);
        for (let i = 0; i < nodes.length; i++) for (const [key, value] of Object.entries(quick.nodes[i]!.config)) expect(Object.is(value, (zod.data!.nodes[i]!.config as Record<string, unknown>)[key])).toBe(true);
      }),
      { seed: 20261207, numRuns: 3000 },
    );
    expect(answered).toBeGreaterThan(100);
  });

  it("refuses what the document-wide walk refuses, in the same words: nesting past the limit and __proto__ keys anywhere (seeded)", () => {
    const nested = (depth: number, leaf: unknown): unknown => Array.from({ length: depth }).reduce<unknown>((inner) => ({ a: inner }), leaf);
    const protoHolder = () => JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const spot = fc.record({ where: fc.constantFrom("config", "settings", "node"), index: fc.nat(5), field: fc.constantFrom("code", "extra", "retry", "headers", "concurrency"), depth: fc.integer({ min: 240, max: 270 }), proto: fc.boolean() });
    fc.assert(
      fc.property(spot, ({ where, index, field, depth, proto }) => {
        const document = structuredClone(baseFlow) as Record<string, unknown> & { nodes: Array<Record<string, unknown>>; settings: Record<string, unknown> };
        const node = document.nodes[index % document.nodes.length]!;
        const holder = where === "settings" ? document.settings : where === "node" ? node : (node.config as Record<string, unknown>);
        holder[field] = proto ? nested(depth - 250, protoHolder()) : nested(depth, 1);
        // What the full path (the walk, then zod) says of the same document.
        const walked = validateFlowFullPath(structuredClone(document));
        const result = validateFlow(document);
        expect(result).toStrictEqual(walked);
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });

  it("refuses a flat config (no nested values, answered without the walk) that holds a __proto__ key, in the walk's words", () => {
    const document = structuredClone(baseFlow) as Record<string, unknown> & { nodes: Array<Record<string, unknown>> };
    document.nodes[1]!.config = JSON.parse('{"code": "return input", "__proto__": 1}') as unknown;
    const result = validateFlow(document);
    expect(result).toStrictEqual(validateFlowFullPath(structuredClone(document)));
    expect(result).toMatchObject({ ok: false, issues: [{ path: "nodes[1].config.__proto__" }] });
  });

  it("answers edges field by field as zod does: ports kept in zod's order, extra or inherited fields left to zod", () => {
    const withPorts = { ...structuredClone(baseFlow), edges: [{ targetPort: "in", sourcePort: "true", target: "m", source: "c", id: "e3" }] };
    const quick = parseFlowQuickly(structuredClone(withPorts));
    expect(JSON.stringify(quick?.edges)).toBe(JSON.stringify(flowSchema.parse(structuredClone(withPorts)).edges));
    expect(Object.keys(quick!.edges[0]!)).toEqual(["id", "source", "target", "sourcePort", "targetPort"]);
    expect(parseFlowQuickly({ ...structuredClone(baseFlow), edges: [{ id: "e", source: "start", target: "t", label: "x" }] })).toBeUndefined();
    const inherited = Object.assign(Object.create({ id: "e" }) as object, { source: "start", target: "t" });
    expect(parseFlowQuickly({ ...structuredClone(baseFlow), edges: [inherited] })).toBeUndefined();
  });
});

/** validateFlow as it was before the quick path took over the walk: the walk first, then zod. */
function validateFlowFullPath(document: unknown) {
  const checked = checkJson(document, { rejectProtoKey: true });
  if (!checked.ok) {
    const path = formatPath(checked.path);
    const message = checked.problem === "too-deep" ? `nested deeper than ${maxNestingDepth} levels (the limit for flow files)` : `"__proto__" cannot be used as a key (JavaScript would read it as the object's prototype)`;
    return { ok: false, issues: [{ path, message }] };
  }
  const parsed = flowSchema.safeParse(document);
  if (!parsed.success) return { ok: false, issues: flowIssuesFromZod(parsed.error, document) };
  const compiled = compileFlow(parsed.data);
  return compiled.ok ? { ok: true, flow: parsed.data, compiled: compiled.compiled } : compiled;
}
