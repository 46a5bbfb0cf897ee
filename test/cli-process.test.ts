/**
 * The `nexus` CLI as a real process: killed with SIGKILL mid-run and resumed, interrupted
 * with Ctrl-C, fed a malformed file. Unit tests call `main` in-process; these check what
 * only a real process shows (signals, exit codes, durability of the log across a kill).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../shared/test-support/temp-dirs.ts";

const bin = new URL("../runner/bin/nexus.js", import.meta.url).pathname;
const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((child) => child.kill("SIGKILL")));

function nexus(cwd: string, args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stdout = "";
  let stderr = "";
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
});
