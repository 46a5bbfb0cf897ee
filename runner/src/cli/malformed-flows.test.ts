import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nexus, stackTraceLine, workspace } from "../../test-support/cli-harness.ts";

const valid = JSON.parse(readFileSync(new URL("../../examples/order-approval.json", import.meta.url), "utf8"));
const clone = () => structuredClone(valid);
const nodeIndex = fc.integer({ min: 0, max: valid.nodes.length - 1 });
const edgeIndex = fc.integer({ min: 0, max: valid.edges.length - 1 });
const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }));

/** Each arbitrary breaks the valid example in one way; together they cover text, schema and graph. */
const malformedFiles: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: JSON.stringify(valid).length - 2 }).map((at) => JSON.stringify(valid).slice(0, at)),
  fc.constantFrom("", "   ", "[]", "null", "42", '"flow"', "{", "{]", "\u0000", "{\"schemaVersion\": 1,}"),
  fc.constantFrom("schemaVersion", "id", "name", "nodes", "edges").map((key) => mutate((doc) => delete doc[key])),
  fc.constantFrom(0, 2, -1, "1", 1.5, null).map((version) => mutate((doc) => (doc.schemaVersion = version))),
  fc.tuple(nodeIndex, fc.constantFrom("id", "type", "position", "config")).map(([i, key]) => mutate((doc) => delete doc.nodes[i][key])),
  fc.tuple(nodeIndex, notAString).map(([i, value]) => mutate((doc) => (doc.nodes[i].id = value))),
  fc.tuple(nodeIndex, fc.string({ minLength: 1 }).filter((type) => !valid.nodes.some((node: { type: string }) => node.type === type))).map(([i, type]) => mutate((doc) => (doc.nodes[i].type = type === "noop" ? "no-op" : type))),
  fc.tuple(nodeIndex, fc.string({ minLength: 1 }).filter((key) => !["id", "type", "position", "config", "label", "retry", "timeoutMs", "onError"].includes(key)), fc.jsonValue()).map(([i, key, value]) => mutate((doc) => (doc.nodes[i][key] = value))),
  fc.tuple(nodeIndex, fc.string({ minLength: 1 }).filter((key) => !["code", "expression", "mode", "ms", "message"].includes(key)), fc.jsonValue()).map(([i, key, value]) => mutate((doc) => (doc.nodes[i].config[key] = value))),
  fc.tuple(nodeIndex, fc.oneof(fc.string(), fc.constant(Number.NaN))).map(([i, x]) => mutate((doc) => (doc.nodes[i].position = { x, y: 0 }))),
  fc.tuple(nodeIndex, fc.integer({ max: 0 })).map(([i, attempts]) => mutate((doc) => (doc.nodes[i].retry = { maxAttempts: attempts }))),
  fc.integer({ max: -1 }).map((ms) => mutate((doc) => (doc.nodes.find((node: { id: string }) => node.id === "wait").config.ms = ms))),
  fc.tuple(nodeIndex, nodeIndex).filter(([a, b]) => a !== b).map(([a, b]) => mutate((doc) => (doc.nodes[a].id = doc.nodes[b].id))),
  fc.tuple(edgeIndex, fc.constantFrom("source", "target"), fc.string({ minLength: 1 })).map(([i, end, id]) => mutate((doc) => (doc.edges[i][end] = `missing:${id}`))),
  fc.tuple(edgeIndex, fc.string({ minLength: 1 })).map(([i, port]) => mutate((doc) => (doc.edges[i].sourcePort = `no-such-port:${port}`))),
  fc.constantFrom(["receipt", "big"], ["join", "start"], ["approve", "approve"], ["receipt", "wait"]).map(([source, target]) => mutate((doc) => doc.edges.push({ id: "back", source, target }))),
  fc.jsonValue().filter((value) => typeof value !== "object" || value === null || Array.isArray(value)).map((value) => JSON.stringify(value)),
);

function mutate(change: (doc: any) => unknown): string {
  const doc = clone();
  change(doc);
  return JSON.stringify(doc, null, 2);
}

describe("malformed flow files", () => {
  it("1,000 generated malformed files each give exit 2 and a message with a path, never a stack trace", async () => {
    const dir = workspace();
    const file = join(dir, "flow.json");
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(malformedFiles, async (text) => {
        writeFileSync(file, text);
        const result = await nexus(dir, "validate", "flow.json");
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/^flow\.json: \S/);
        expect(result.stderr).not.toMatch(stackTraceLine);
        expect(result.stderr).not.toContain("internal error");
        checked++;
      }),
      { numRuns: 1000, seed: 20261121 },
    );
    expect(checked).toBe(1000);
  });

  it("`run` refuses them too, before anything runs", async () => {
    const dir = workspace();
    await fc.assert(
      fc.asyncProperty(malformedFiles, async (text) => {
        writeFileSync(join(dir, "flow.json"), text);
        const result = await nexus(dir, "run", "flow.json", "--json");
        expect(result.code).toBe(2);
        expect(result.stdout).toBe("");
        expect(result.stderr).not.toMatch(stackTraceLine);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
