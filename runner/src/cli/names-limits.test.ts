import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nexus, stackTraceLine, workspace } from "../../test-support/cli-harness.ts";

/** start → constructor → toString → valueOf → hasOwnProperty → __proto__ → end, each a noop but the first. */
const names = ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__"];
const at = { x: 0, y: 0 };
const prototypeFlow = {
  schemaVersion: 1,
  id: "names",
  name: "names",
  nodes: [
    { id: "start", type: "trigger.manual", position: at, config: {} },
    { id: "constructor", type: "transform", position: at, config: { code: "return { n: input.n + 1 }" } },
    ...names.slice(1).map((id) => ({ id, type: "noop", position: at, config: {} })),
    { id: "end", type: "transform", position: at, config: { code: 'return { n: input.n, seen: ctx.nodes["__proto__"], toString: ctx.nodes.toString }' } },
  ],
  edges: ["start", ...names, "end"].slice(1).map((id, i, ids) => ({ id: names[i] ?? "last", source: i === 0 ? "start" : ids[i - 1]!, target: id })),
};

describe("nexus: names are data (I5)", () => {
  it("I5: validate and run a flow whose nodes and edges are named after Object.prototype", async () => {
    const dir = workspace({ "f.json": prototypeFlow });
    expect(await nexus(dir, "validate", "f.json")).toMatchObject({ code: 0, stdout: "f.json: valid (7 nodes, 6 edges)\n" });
    const result = await nexus(dir, "run", "f.json", "--input", '{"n":1}', "--json", "--state", "state");
    expect(result.stderr).not.toMatch(/internal error|null/);
    expect(result.code).toBe(0);
    expect(Object.keys(result.json.nodes)).toEqual(["start", ...names, "end"]);
    expect(JSON.parse(result.stdout).nodes.__proto__.output).toEqual({ n: 2 });
    expect(result.json.nodes.end.output).toEqual({ n: 2, seen: { n: 2 }, toString: { n: 2 } });
    const listed = await nexus(dir, "runs", "--state", "state");
    expect(listed.stdout).toContain("succeeded");
  });

  it("I5: --approve constructor reaches the approval node named constructor", async () => {
    const flow = { ...prototypeFlow, nodes: [prototypeFlow.nodes[0], { id: "constructor", type: "approval", position: at, config: {} }], edges: [{ id: "e", source: "start", target: "constructor" }] };
    const result = await nexus(workspace({ "f.json": flow }), "run", "f.json", "--approve", "constructor", "--json");
    expect(result.code).toBe(0);
    expect(result.json.nodes.constructor.status).toBe("succeeded");
  });

  it('I5: headers {"__proto__": …} are refused with a path, exit 2', async () => {
    const text = JSON.stringify({ ...prototypeFlow, nodes: [{ id: "h", type: "http.request", position: at, config: { url: "http://x.test", headers: { PLACEHOLDER: 1 } } }], edges: [] }).replace('"PLACEHOLDER":1', '"__proto__":{"a":"b"}');
    const result = await nexus(workspace({ "f.json": text }), "validate", "f.json");
    expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining("f.json: nodes[0].config.headers.__proto__: ") });
  });
});

describe("nexus: limits said in words (B, E, F)", () => {
  const http = (body: string) => `{"schemaVersion":1,"id":"f","name":"f","edges":[],"nodes":[{"id":"h","type":"http.request","position":{"x":0,"y":0},"config":{"url":"http://x.test","body":${body}}}]}`;

  it("B2: a body nested 2,000 levels deep: exit 2 with a path, no stack trace", async () => {
    const dir = workspace({ "f.json": http(`${"[".repeat(2000)}${"]".repeat(2000)}`) });
    for (const command of ["validate", "run"]) {
      const result = await nexus(dir, command, "f.json");
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^f\.json: nodes\[0\]\.config\.body\[0\]\[0\].*: nested deeper than 256 levels/);
      expect(result.stderr).not.toMatch(stackTraceLine);
    }
  });

  it("B1: a run input nested too deep, or over the flow's payload limit, is refused with exit 2", async () => {
    const small = { ...prototypeFlow, settings: { maxPayloadBytes: 1024 } };
    const dir = workspace({ "f.json": small, "deep.json": `${"[".repeat(300)}${"]".repeat(300)}`, "big.json": JSON.stringify({ text: "x".repeat(2000) }) });
    const deep = await nexus(dir, "run", "f.json", "--input-file", "deep.json");
    expect(deep).toMatchObject({ code: 2, stderr: expect.stringMatching(/^deep\.json: input\[0\]\[0\].*nested deeper than 256 levels/) });
    const big = await nexus(dir, "run", "f.json", "--input-file", "big.json");
    expect(big).toMatchObject({ code: 2, stderr: "big.json: the run input is 2 KB of JSON, over the flow's payload limit of 1 KB (settings.maxPayloadBytes)\n" });
  });

  it("B1: a node output over the limit fails that node, naming it and the limit", async () => {
    const flow = { ...prototypeFlow, settings: { maxPayloadBytes: 4096 }, nodes: [prototypeFlow.nodes[0], { id: "grow", type: "transform", position: at, config: { code: 'return "y".repeat(10000)' } }], edges: [{ id: "e", source: "start", target: "grow" }] };
    const result = await nexus(workspace({ "f.json": flow }), "run", "f.json", "--json");
    expect(result.code).toBe(1);
    expect(result.json.nodes.grow.error).toEqual({ code: "PAYLOAD_TOO_LARGE", message: 'node "grow" output is 9.8 KB of JSON, over the payload limit of 4 KB (settings.maxPayloadBytes)' });
  });

  it("E3: a 20 MB thrown message is cut to a few KB, in the result and in the log", async () => {
    const flow = { ...prototypeFlow, nodes: [prototypeFlow.nodes[0], { id: "boom", type: "transform", position: at, config: { code: 'throw new Error("z".repeat(20 * 1024 * 1024))' } }], edges: [{ id: "e", source: "start", target: "boom" }] };
    const dir = workspace({ "f.json": flow });
    const result = await nexus(dir, "run", "f.json", "--json", "--state", "state");
    expect(result.code).toBe(1);
    expect(result.json.nodes.boom.error.message).toMatch(/^z{4096}… \(cut; 20,971,520 characters in all\)$/);
    const [log] = readdirSync(join(dir, "state")).filter((name) => name.endsWith(".jsonl"));
    expect(statSync(join(dir, "state", log!)).size).toBeLessThan(20_000);
  });

  it("F1, F2: a byte-order mark is accepted; bytes that are not UTF-8 are refused with their offset", async () => {
    const dir = workspace();
    const text = JSON.stringify(prototypeFlow);
    writeFileSync(join(dir, "bom.json"), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect((await nexus(dir, "validate", "bom.json")).code).toBe(0);
    const bad = Buffer.from(text.replace('"name":"names"', '"name":"caf\u00e9"'), "latin1");
    writeFileSync(join(dir, "bad.json"), bad);
    const offset = bad.indexOf(0xe9);
    expect(await nexus(dir, "validate", "bad.json")).toMatchObject({ code: 2, stderr: `bad.json: not valid UTF-8: byte 0xe9 at byte offset ${offset} (save the file as UTF-8)\n` });
    writeFileSync(join(dir, "in.json"), Buffer.from([0x22, 0xff, 0x22]));
    expect(await nexus(dir, "run", "bom.json", "--input-file", "in.json")).toMatchObject({ code: 2, stderr: "in.json: not valid UTF-8: byte 0xff at byte offset 1 (save the file as UTF-8)\n" });
    expect(readFileSync(join(dir, "bom.json"))[0]).toBe(0xef);
  });
});
