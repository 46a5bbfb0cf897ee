/**
 * The `nexus` CLI as a real process: killed with SIGKILL mid-run and resumed, interrupted
 * with Ctrl-C, fed a malformed file. Unit tests call `main` in-process; these check what
 * only a real process shows (signals, exit codes, durability of the log across a kill).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildCliForTests, nexusBin as bin } from "../runner/test-support/built-cli.ts";

const children: ChildProcess[] = [];
const temps: string[] = [];
beforeAll(buildCliForTests); // the bin runs the bundle: build it from the sources under test
afterEach(() => children.splice(0).forEach((child) => child.kill("SIGKILL")));
afterAll(() => temps.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

function nexus(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env, script = bin) {
  const child = spawn(process.execPath, [script, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stdout = "";
  let stderr = "";
  // Decoded as a stream: a character split across two reads stays whole.
  child.stdout!.setEncoding("utf8");
  child.stderr!.setEncoding("utf8");
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function flowCalling(url: string) {
  return {
    schemaVersion: 1,
    id: "durable",
    name: "Durable",
    nodes: [
      { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
      { id: "prepare", type: "transform", position: { x: 200, y: 0 }, config: { code: "return { order: input.order }" } },
      { id: "charge", type: "http.request", position: { x: 400, y: 0 }, config: { method: "POST", url, body: { order: "{{ input.order }}" } } },
      { id: "done", type: "transform", position: { x: 600, y: 0 }, config: { code: "return { charged: input.body.ok, order: ctx.nodes.prepare.order }" } },
    ],
    edges: [
      { id: "e1", source: "start", target: "prepare" },
      { id: "e2", source: "prepare", target: "charge" },
      { id: "e3", source: "charge", target: "done" },
    ],
  };
}

describe("nexus as a process", () => {
  it("resumes a run killed with SIGKILL: finished nodes do not run again, the in-flight call repeats with the same Idempotency-Key", async () => {
    const requests: Array<{ key: string | undefined; body: string }> = [];
    let holdFirst = true;
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
      let body = "";
      request.setEncoding("utf8");
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        requests.push({ key: request.headers["idempotency-key"] as string | undefined, body });
        if (holdFirst) return void (holdFirst = false); // never answer: the process dies with this call in flight
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const dir = tempDir("nexus-kill-");
    writeFileSync(join(dir, "flow.json"), JSON.stringify(flowCalling(`http://127.0.0.1:${port}/charge`)));

    try {
      const first = nexus(dir, ["run", "flow.json", "--input", '{"order":"A-7"}', "--state", "state"]);
      await until(() => requests.length === 1, "the first charge request");
      await until(() => /^run \S+ started/.test(first.err()), "the run's first progress line"); // progress goes out after each burst of steps
      const runId = /^run (\S+) started/.exec(first.err())![1]!;
      first.child.kill("SIGKILL");
      await first.exited;

      const listed = nexus(dir, ["runs", "--state", "state", "--json"]);
      expect(await listed.exited).toBe(0);
      expect(JSON.parse(listed.out())).toMatchObject([{ runId, status: "interrupted" }]);

      const resumed = nexus(dir, ["resume", runId, "--state", "state", "--json"]);
      expect(await resumed.exited).toBe(0);
      expect(JSON.parse(resumed.out())).toMatchObject({ runId, status: "succeeded", nodes: { done: { output: { charged: true, order: "A-7" } } } });
      expect(requests.map((request) => request.key)).toEqual([`${runId}:charge`, `${runId}:charge`]);
      expect(requests[1]!.body).toBe('{"order":"A-7"}');
      const log = readFileSync(join(dir, "state", `${runId}.jsonl`), "utf8").trim().split("\n").map((line) => JSON.parse(line));
      const starts = (nodeId: string) => log.filter((event) => event.type === "node.started" && event.nodeId === nodeId).map((event) => event.attempt);
      expect(starts("prepare")).toEqual([1]);
      expect(starts("charge")).toEqual([1, 1]);
    } finally {
      server.close();
    }
  });

  it("Ctrl-C cancels the run cleanly: exit 1, status cancelled, the delay aborted", async () => {
    const dir = tempDir("nexus-sigint-");
    const flow = {
      schemaVersion: 1, id: "slow", name: "Slow",
      nodes: [
        { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
        { id: "nap", type: "delay", position: { x: 200, y: 0 }, config: { ms: 60_000 } },
        { id: "after", type: "noop", position: { x: 400, y: 0 }, config: {} },
      ],
      edges: [{ id: "e1", source: "start", target: "nap" }, { id: "e2", source: "nap", target: "after" }],
    };
    writeFileSync(join(dir, "flow.json"), JSON.stringify(flow));
    const run = nexus(dir, ["run", "flow.json", "--json"]);
    await until(() => run.err().includes("nap: waiting until"), "the delay to start");
    const startedAt = Date.now();
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(1);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(JSON.parse(run.out())).toMatchObject({ status: "cancelled", nodes: { nap: { status: "cancelled" }, after: { status: "cancelled" } } });
    expect(run.err()).toContain("cancelling: cancelled by Ctrl-C");
  });

  it("a malformed file exits 2 with the message, without a stack trace", async () => {
    const dir = tempDir("nexus-bad-");
    writeFileSync(join(dir, "flow.json"), '{"schemaVersion": 1, "nodes": [}');
    const run = nexus(dir, ["validate", "flow.json"]);
    expect(await run.exited).toBe(2);
    expect(run.err()).toMatch(/^flow\.json: not valid JSON: .* at line 1, column 32\n$/);
  });

  it("--version prints the runner's version, from the bundle and from source (NEXUS_FROM_SOURCE=1)", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../runner/package.json", import.meta.url), "utf8")) as { version: string };
    const built = nexus(tempDir("nexus-version-"), ["--version"]);
    expect(await built.exited).toBe(0);
    expect(built.out()).toBe(`${version}\n`);
    const source = nexus(tempDir("nexus-version-"), ["--version"], { ...process.env, NEXUS_FROM_SOURCE: "1" });
    expect(await source.exited).toBe(0);
    expect(source.out()).toBe(`${version}\n`);
  });

  it("says how to build the CLI when its bundle is missing", async () => {
    const copy = tempDir("nexus-unbuilt-");
    mkdirSync(join(copy, "bin"));
    copyFileSync(bin, join(copy, "bin", "nexus.js"));
    const run = nexus(copy, ["--version"], process.env, join(copy, "bin", "nexus.js"));
    expect(await run.exited).toBe(70);
    expect(run.err()).toContain("the nexus CLI is not built yet");
    expect(run.err()).toContain("npm run build:cli");
  });

  it("loses nothing through pipes: the whole --json result of a 15,000-node run through a slow reader, and progress summarized", async () => {
    const dir = tempDir("nexus-pipe-");
    const length = 15_000;
    const nodes = [{ id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} }];
    const edges = [];
    for (let i = 0; i < length; i++) {
      nodes.push({ id: `n${i}`, type: "noop", position: { x: i, y: 0 }, config: {} });
      edges.push({ id: `e${i}`, source: i ? `n${i - 1}` : "start", target: `n${i}` });
    }
    writeFileSync(join(dir, "chain.json"), JSON.stringify({ schemaVersion: 1, id: "chain", name: "Chain", nodes, edges }));
    const run = nexus(dir, ["run", "chain.json", "--json"]);
    // A slow reader: stdout's pipe fills with the result (~3 MB) and the rest waits inside the process.
    run.child.stdout!.pause();
    await until(() => /\nrun succeeded \(/.test(run.err()), "the run's last progress line");
    await new Promise((resolve) => setTimeout(resolve, 300));
    run.child.stdout!.resume();
    expect(await run.exited).toBe(0);
    expect(Object.keys(JSON.parse(run.out()).nodes)).toHaveLength(length + 1);
    // A chain of no-ops finishes thousands of nodes a turn: summaries, not 30,000 lines.
    const lines = run.err().split("\n");
    expect(lines.length).toBeLessThan(1000);
    expect(lines.some((line) => /^ {2}[\d,]+ nodes succeeded$/.test(line))).toBe(true);
    expect(lines.at(-2)).toMatch(/^run succeeded \(/);
  });

  it("never leaves an empty log, whenever the process is killed", async () => {
    const dir = tempDir("nexus-kills-");
    writeFileSync(join(dir, "flow.json"), readFileSync(new URL("../runner/examples/hello.json", import.meta.url)));
    const args = ["run", "flow.json", "--input", '{"n":1}', "--state", "state"];
    const startedAt = Date.now();
    expect(await nexus(dir, args).exited).toBe(0); // one whole run: how long the window is on this machine now
    const whole = Date.now() - startedAt;
    for (let trial = 0; trial < 12; trial++) {
      const run = nexus(dir, args);
      await new Promise((resolve) => setTimeout(resolve, (whole * (trial + 4)) / 16)); // from before the log exists to its end
      run.child.kill("SIGKILL");
      await run.exited;
    }
    const logs = readdirSync(join(dir, "state")).filter((name) => name.endsWith(".jsonl"));
    for (const log of logs) expect(statSync(join(dir, "state", log)).size, log).toBeGreaterThan(0);
    const listed = nexus(dir, ["runs", "--state", "state", "--json"]);
    expect(await listed.exited).toBe(0);
    expect(JSON.parse(listed.out())).toHaveLength(logs.length);
  }, 180_000); // about eight whole runs end to end: minutes on a loaded machine
});
