/**
 * A headless run whose log holds more than one frame can carry (PROTOCOL.md C5): a node's
 * 3 MB output leaves the runner as parts, the hub joins and stores it whole, watchers and
 * `nexus trigger --wait` get it, and the next node reads it. Real `wrangler dev`, a real runner.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, createTeam, type TestTeam } from "./support/control-api.ts";
import { startRunner, type RunnerProcess } from "./support/runner-process.ts";
import { repoRoot } from "./support/wrangler-dev.ts";

const relay = inject("controlUrl");
let team: TestTeam;
let runner: RunnerProcess;
const cwd = mkdtempSync(join(tmpdir(), "nexus-large-"));

beforeAll(async () => {
  team = await createTeam(relay);
  runner = await startRunner(relay, await team.token("runner"), { name: "big" });
  await runner.connected();
});
afterAll(async () => {
  await runner.dispose();
  rmSync(cwd, { recursive: true, force: true });
});

function nexus(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, "runner/bin/nexus.js"), ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    // Decoded as a stream: an "é" split across two pipe reads stays whole.
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (status) => (clearTimeout(timer), resolve({ status, stdout, stderr })));
  });
}

// 30,000 × 100 characters, one of them "é" (2 bytes in UTF-8): 3,030,000 bytes of output.
const bigCode = 'return { text: ("x".repeat(99) + "é").repeat(30000) };';
const flow = {
  schemaVersion: 1,
  id: "large",
  name: "Large output",
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "big", type: "transform", position: { x: 200, y: 0 }, config: { code: bigCode } },
    { id: "measure", type: "transform", position: { x: 400, y: 0 }, config: { code: "return { length: input.text.length, accents: input.text.split('é').length - 1 };" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "big" },
    { id: "e2", source: "big", target: "measure" },
  ],
};

describe("large flow.run logs (C5)", () => {
  it("a node's 3 MB output: the run completes, the hub's log has it whole, nexus trigger --wait returns the result", async () => {
    expect((await call(relay, team.adminToken, "PUT", "/api/flows/large", flow)).status).toBe(201);
    const result = await nexus(["trigger", "large", "--wait", "--json", "--relay", relay, "--token", team.adminToken]);
    expect(result.status, result.stderr).toBe(0);
    const run = JSON.parse(result.stdout) as { runId: string; status: string; nodes: Record<string, { status: string; output?: { text?: string; length?: number; accents?: number } }> };
    expect(run.status).toBe("succeeded");
    expect(run.nodes.measure!.output).toEqual({ length: 3_000_000, accents: 30_000 });
    expect(run.nodes.big!.output!.text).toBe(("x".repeat(99) + "é").repeat(30_000));
    // The log at the hub, from its start, as a new watcher reads it: every entry once, in order.
    const stored = (await call(relay, team.adminToken, "GET", `/api/runs/${run.runId}`)).body as typeof run;
    expect(stored.nodes.big!.output!.text!.length).toBe(3_000_000);
    expect(runner.output()).not.toMatch(/lost the connection/);
  });
});
