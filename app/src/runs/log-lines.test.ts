import { describe, expect, it } from "vitest";
import type { RunEvent } from "@nexus-flow/shared";
import { createLogLines } from "./log-lines.ts";

const at = Date.UTC(2026, 0, 1, 12, 0, 0);
const flowDoc = { schemaVersion: 1 as const, id: "f", name: "F", nodes: [], edges: [] };
const httpError = { code: "HTTP_STATUS", message: "GET http://x/ returned 503 Service Unavailable", retryable: true };

describe("log lines", () => {
  it("says what happened in words, with a level per line", () => {
    const events: RunEvent[] = [
      { type: "run.started", runId: "r", flow: flowDoc, input: { n: 1 }, at },
      { type: "node.started", nodeId: "call", attempt: 1, at: at + 10 },
      { type: "node.failed", nodeId: "call", attempt: 1, error: httpError, retryAt: at + 1510, at: at + 510 },
      { type: "node.started", nodeId: "call", attempt: 2, at: at + 1510 },
      { type: "node.failed", nodeId: "call", attempt: 2, error: httpError, at: at + 1600 },
      { type: "node.skipped", nodeId: "no", at: at + 1600 },
      { type: "node.waiting", nodeId: "ok", attempt: 1, reason: "approval", at: at + 1600 },
      { type: "run.finished", status: "failed", error: { ...httpError, message: `node "call" failed: ${httpError.message}`, nodeId: "call" }, at: at + 1700 },
    ];
    const lines = createLogLines()(events).map(({ nodeId, status, level, message }) => ({ nodeId, status, level, message }));
    expect(lines).toEqual([
      { nodeId: undefined, status: "started", level: "info", message: 'Run started with input {"n":1}' },
      { nodeId: "call", status: "running", level: "info", message: "Started" },
      { nodeId: "call", status: "retrying", level: "warn", message: expect.stringMatching(/^Attempt 1 failed after 500 ms: GET http:\/\/x\/ returned 503 Service Unavailable\. Retrying in 1\.0 s \(at \d\d:\d\d:\d\d\)$/) },
      { nodeId: "call", status: "running", level: "info", message: "Attempt 2 started" },
      { nodeId: "call", status: "failed", level: "error", message: "Attempt 2 failed after 90 ms: GET http://x/ returned 503 Service Unavailable" },
      { nodeId: "no", status: "skipped", level: "info", message: "Skipped: the branch leading here was not taken" },
      { nodeId: "ok", status: "waiting", level: "info", message: "Waiting for approval" },
      { nodeId: undefined, status: "failed", level: "error", message: 'Run failed: node "call" failed: GET http://x/ returned 503 Service Unavailable' },
    ]);
  });

  it("converts only new events of a growing log, and starts over for another log", () => {
    const toLines = createLogLines();
    const events: RunEvent[] = [{ type: "run.started", runId: "r", flow: flowDoc, input: null, at }];
    const first = toLines(events);
    events.push({ type: "node.skipped", nodeId: "a", at });
    const second = toLines(events);
    expect(second).toHaveLength(2);
    expect(second[0]).toBe(first[0]);
    expect(toLines([events[0]!])).toHaveLength(1);
  });
});
