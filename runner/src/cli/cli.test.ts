import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Flow } from "@nexus-flow/shared";
import { nexus, stackTraceLine, workspace } from "../../test-support/cli-harness.ts";

const hello = JSON.parse(readFileSync(new URL("../../examples/hello.json", import.meta.url), "utf8")) as Flow;
const orderApproval = JSON.parse(readFileSync(new URL("../../examples/order-approval.json", import.meta.url), "utf8")) as Flow;

describe("nexus validate", () => {
  it("accepts a valid flow with exit 0", async () => {
    const result = await nexus(workspace({ "hello.json": hello }), "validate", "hello.json");
    expect(result).toMatchObject({ code: 0, stdout: "hello.json: valid (2 nodes, 1 edges)\n" });
  });

  it("lists every error with its path and exits 2", async () => {
    const broken = { ...hello, nodes: [hello.nodes[0], { ...hello.nodes[1], config: { code: 42 } }, { id: "x", type: "teleport", position: { x: 0, y: 0 }, config: {} }] };
    const result = await nexus(workspace({ "f.json": broken }), "validate", "f.json");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("f.json: nodes[1].config.code: expected string, got number");
    expect(result.stderr).toContain('f.json: nodes[2].type: unknown node type "teleport"');
  });

  it("says where a file that is not JSON goes wrong, with line and column", async () => {
    const result = await nexus(workspace({ "f.json": '{\n  "schemaVersion": 1,\n  "id": "x",,\n}' }), "validate", "f.json");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^f\.json: not valid JSON: .* at line 3, column 13\n$/);
  });

  it("explains a missing file and bad usage with exit 2", async () => {
    const dir = workspace();
    expect(await nexus(dir, "validate", "nope.json")).toMatchObject({ code: 2, stderr: "cannot read nope.json: no such file\n" });
    expect((await nexus(dir, "validate")).stderr).toContain("usage: nexus validate FLOW.json");
    expect((await nexus(dir, "run", "x.json", "--bogus")).stderr).toContain("Unknown option '--bogus'");
    expect((await nexus(dir, "run", "x.json", "--concurrency", "0")).code).toBe(2);
    expect((await nexus(dir, "frobnicate")).code).toBe(2);
  });
});

describe("nexus run", () => {
  it("runs a flow: progress on stderr names the run id first, the result as JSON on stdout", async () => {
    const result = await nexus(workspace({ "hello.json": hello }), "run", "hello.json", "--input", '{"n":21}', "--json");
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ status: "succeeded", nodes: { start: { status: "succeeded", attempts: 1, output: { n: 21 } }, double: { status: "succeeded", output: { n: 42 } } } });
    const lines = result.stderr.trim().split("\n");
    expect(lines[0]).toBe(`run ${result.json.runId} started: flow "Hello" (2 nodes)`);
    expect(lines).toContain("  double: running");
    expect(lines.at(-1)).toMatch(/^run succeeded \(/);
    expect(new Date(result.json.nodes.double.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(result.json.nodes.double.startedAt).getTime());
  });

  it("takes the input from a file, and exits 1 with the node's error when the run fails", async () => {
    const dir = workspace({ "hello.json": hello, "in.json": '{"n":"x"}', "bad.json": { ...hello, nodes: [hello.nodes[0], { ...hello.nodes[1], config: { code: "throw new Error('n must be a number')" } }] } });
    expect((await nexus(dir, "run", "hello.json", "--input-file", "in.json", "--json")).json.nodes.double.output).toEqual({ n: null });
    const failed = await nexus(dir, "run", "bad.json", "--json");
    expect(failed.code).toBe(1);
    expect(failed.json).toMatchObject({ status: "failed", error: { nodeId: "double" }, nodes: { double: { status: "failed", error: { code: "CODE_ERROR", message: "n must be a number" } } } });
    expect(failed.stderr).toContain("  double: failed: n must be a number");
  });

  it("rejects bad input JSON and approvals of nodes that are not approvals, before running", async () => {
    const dir = workspace({ "hello.json": hello });
    expect((await nexus(dir, "run", "hello.json", "--input", "{n:1}")).stderr).toMatch(/^--input: not valid JSON: .* at line 1, column 2/);
    const wrong = await nexus(dir, "run", "hello.json", "--approve", "double");
    expect(wrong).toMatchObject({ code: 2 });
    expect(wrong.stderr).toContain('the flow has no approval node "double"');
  });

  it("exits 3 when a run waits for approval; resume --approve finishes it without re-running anything", async () => {
    const dir = workspace({ "order.json": orderApproval });
    const waiting = await nexus(dir, "run", "order.json", "--input", '{"id":"A-1","amount":5000}', "--state", "state", "--json");
    expect(waiting.code).toBe(3);
    expect(waiting.json).toMatchObject({ status: "waiting", nodes: { big: { status: "succeeded" }, approve: { status: "waiting" }, wait: { status: "skipped" } } });
    expect(waiting.stderr).toContain(`continue it with: nexus resume ${waiting.json.runId} --state state --approve approve`);
    const listed = await nexus(dir, "runs", "--state", "state", "--json");
    expect(listed.json).toMatchObject([{ runId: waiting.json.runId, flowId: "order-approval", status: "interrupted" }]);

    const resumed = await nexus(dir, "resume", waiting.json.runId.slice(0, 8), "--state", "state", "--approve", "approve", "--json");
    expect(resumed.code).toBe(0);
    expect(resumed.json.nodes.receipt.output).toEqual({ order: "A-1", amount: 5000, run: waiting.json.runId });
    const log = readFileSync(join(dir, "state", `${waiting.json.runId}.jsonl`), "utf8").trim().split("\n").map((line) => JSON.parse(line));
    expect(log.filter((event) => event.type === "node.started" && event.nodeId === "big")).toHaveLength(1);
    expect((await nexus(dir, "runs", "--state", "state")).stdout).toMatch(new RegExp(`${waiting.json.runId}\\s+order-approval\\s+succeeded`));
  });

  it("a rejected approval fails the run", async () => {
    const dir = workspace({ "order.json": orderApproval });
    const result = await nexus(dir, "run", "order.json", "--input", '{"id":"A-2","amount":5000}', "--reject", "approve", "--json");
    expect(result.code).toBe(1);
    expect(result.json.nodes.approve.error.code).toBe("REJECTED");
    expect(result.json.nodes.receipt.status).toBe("cancelled");
  });

  it("rerun --from runs that node and what follows again, reusing the rest; --flow re-runs an edited flow", async () => {
    const dir = workspace({ "hello.json": hello, "edited.json": { ...hello, nodes: [hello.nodes[0], { ...hello.nodes[1], config: { code: "return { n: input.n * 3 }" } }] } });
    const first = await nexus(dir, "run", "hello.json", "--input", '{"n":5}', "--state", "s", "--json");
    const again = await nexus(dir, "rerun", first.json.runId, "--from", "double", "--state", "s", "--flow", "edited.json", "--json");
    expect(again.code).toBe(0);
    expect(again.json.runId).not.toBe(first.json.runId);
    expect(again.json.nodes.double.output).toEqual({ n: 15 });
    expect(again.stderr).toContain(`re-run of ${first.json.runId} from "double"`);
    expect(again.stderr).toContain("  start: succeeded (reused)");
    expect((await nexus(dir, "rerun", first.json.runId, "--from", "nope", "--state", "s")).stderr).toContain('the flow has no node "nope"');
  });
});

describe("runaway user code", () => {
  const hostile = {
    "an endless loop": ["while (true) {}", "CODE_TIMEOUT"],
    "a 1 GB string": ["return 'x'.repeat(1e9).length", "CODE_MEMORY"],
    "typed arrays past the limit": ["const a = []; for (let i = 0; i < 200; i++) a.push(new Uint8Array(1e7)); return a.length", "CODE_MEMORY"],
    "one huge typed array": ["return new Float64Array(2e8).length", "CODE_MEMORY"],
  } as const;

  for (const [what, [code, errorCode]] of Object.entries(hostile)) {
    it(`fails the node on ${what} with a clear error, and the process stays small`, async () => {
      const flow = { ...hello, nodes: [hello.nodes[0], { ...hello.nodes[1], config: { code } }] };
      const result = await nexus(workspace({ "f.json": flow }), "run", "f.json", "--json");
      expect(result.code).toBe(1);
      expect(result.json.nodes.double.error.code).toBe(errorCode);
      expect(result.json.nodes.double.error.message).toMatch(/time limit of 1000 ms|memory limit of 32 MB/);
      expect(result.stderr).not.toMatch(stackTraceLine);
      expect(process.memoryUsage().rss / 2 ** 20).toBeLessThan(400);
    });
  }
});
