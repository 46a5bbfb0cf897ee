import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Flow } from "@nexus-flow/shared";
import { nexus, workspace } from "../../test-support/cli-harness.ts";
import { main } from "./main.ts";

const hello = JSON.parse(readFileSync(new URL("../../examples/hello.json", import.meta.url), "utf8")) as Flow;
const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

describe("exit codes and flags", () => {
  it("--version prints the runner package's version", async () => {
    expect(await nexus(workspace(), "--version")).toMatchObject({ code: 0, stdout: `${manifest.version}\n`, stderr: "" });
  });

  it("an internal error exits 70, apart from a failed run (1)", async () => {
    let stderr = "";
    const broken = { cwd: workspace({ "hello.json": hello }), stdout: () => { throw new TypeError("stdout went away"); }, stderr: (text: string) => void (stderr += text) };
    expect(await main(["validate", "hello.json"], broken)).toBe(70);
    expect(stderr).toBe("internal error: stdout went away (set NEXUS_DEBUG=1 for details)\n");
    const failed = { ...hello, nodes: [hello.nodes[0], { ...hello.nodes[1], config: { code: "throw new Error('no')" } }] };
    expect((await nexus(workspace({ "f.json": failed }), "run", "f.json")).code).toBe(1);
  });

  it("caps a long list of problems with a line that says how many were left out", async () => {
    const nodes = Array.from({ length: 300 }, (_, i) => ({ id: `x${i}`, type: "teleport", position: { x: 0, y: 0 }, config: {} }));
    const result = await nexus(workspace({ "f.json": { ...hello, nodes } }), "validate", "f.json");
    const lines = result.stderr.trimEnd().split("\n");
    expect(result.code).toBe(2);
    expect(lines).toHaveLength(51);
    expect(lines[0]).toMatch(/^f\.json: nodes\[0\]\.type: unknown node type "teleport"/);
    expect(lines[50]).toBe("f.json: … and 250 more problems not shown (fix these first)");
  });

  it("--durability takes fsync or none, and says so otherwise", async () => {
    const dir = workspace({ "hello.json": hello });
    for (const durability of ["fsync", "none"]) {
      const result = await nexus(dir, "run", "hello.json", "--input", '{"n":2}', "--state", "s", "--durability", durability, "--json");
      expect(result).toMatchObject({ code: 0, json: { status: "succeeded", nodes: { double: { output: { n: 4 } } } } });
    }
    const bad = await nexus(dir, "run", "hello.json", "--state", "s", "--durability", "sometimes");
    expect(bad).toMatchObject({ code: 2, stderr: `--durability must be "fsync" (each step on disk before the run goes on) or "none", got "sometimes"\n` });
  });
});
