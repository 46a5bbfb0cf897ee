import { describe, expect, it } from "vitest";
import type { RunState } from "@nexus-flow/shared";
import { runResult } from "./run-result.ts";

/** The `--json` result is read by scripts: its fields and their order are part of the CLI's output. */
describe("runResult: nexus run --json", () => {
  it("prints each node's fields in one order, output and error only where the node has them, every node by id", () => {
    const at = Date.UTC(2026, 11, 7, 18, 0, 0);
    const state = {
      runId: "r1",
      status: "failed",
      error: { code: "CODE_ERROR", message: 'node "b" failed: boom', retryable: false, nodeId: "b" },
      flow: { nodes: [{ id: "a" }, { id: "b" }, { id: "c" }, { id: "__proto__" }] },
      nodes: {
        a: { status: "succeeded", attempts: 1, output: { v: 1 }, startedAt: at, finishedAt: at + 1 },
        b: { status: "failed", attempts: 2, output: null, error: { code: "CODE_ERROR", message: "boom", retryable: false }, startedAt: at, finishedAt: at + 2 },
        c: { status: "cancelled", attempts: 0 },
        ["__proto__"]: { status: "skipped", attempts: 0, finishedAt: at },
      },
    } as unknown as RunState;
    const text = JSON.stringify(runResult(state));
    expect(text).toBe(
      JSON.stringify({
        runId: "r1",
        status: "failed",
        error: { code: "CODE_ERROR", message: 'node "b" failed: boom', nodeId: "b" },
        nodes: {
          a: { status: "succeeded", attempts: 1, output: { v: 1 }, startedAt: "2026-12-07T18:00:00.000Z", finishedAt: "2026-12-07T18:00:00.001Z" },
          b: { status: "failed", attempts: 2, output: null, error: { code: "CODE_ERROR", message: "boom" }, startedAt: "2026-12-07T18:00:00.000Z", finishedAt: "2026-12-07T18:00:00.002Z" },
          c: { status: "cancelled", attempts: 0, startedAt: null, finishedAt: null },
        },
      }).replace(/}}$/, ',"__proto__":{"status":"skipped","attempts":0,"startedAt":null,"finishedAt":"2026-12-07T18:00:00.000Z"}}}'),
    );
    expect(JSON.parse(JSON.stringify(runResult(state, true))).status).toBe("waiting");
  });
});
