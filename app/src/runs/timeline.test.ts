import { describe, expect, it } from "vitest";
import type { RunEvent } from "@nexus-flow/shared";
import { timelineOf } from "./timeline.ts";

const flowDoc = { schemaVersion: 1 as const, id: "f", name: "F", nodes: [], edges: [] };
const error = { code: "HTTP_STATUS", message: "503", retryable: true };

describe("timeline", () => {
  it("shows each attempt, the wait before a retry, queueing and a delay as spans of their own", () => {
    const events: RunEvent[] = [
      { type: "run.started", runId: "r", flow: flowDoc, input: null, at: 0 },
      { type: "node.queued", nodeId: "call", at: 0 },
      { type: "node.started", nodeId: "call", attempt: 1, at: 5 },
      { type: "node.failed", nodeId: "call", attempt: 1, error, retryAt: 100, at: 20 },
      { type: "node.started", nodeId: "call", attempt: 2, at: 101 },
      { type: "node.succeeded", nodeId: "call", attempt: 2, output: null, at: 130 },
      { type: "node.waiting", nodeId: "pause", attempt: 1, reason: "delay", until: 400, at: 130 },
      { type: "node.succeeded", nodeId: "pause", attempt: 1, output: null, at: 401 },
      { type: "node.skipped", nodeId: "other", at: 401 },
      { type: "run.finished", status: "succeeded", at: 402 },
    ];
    const timeline = timelineOf(events);
    expect(timeline).toMatchObject({ start: 0, end: 402 });
    expect(timeline.rows.map((row) => row.nodeId)).toEqual(["call", "pause", "other"]);
    expect(timeline.rows[0]!.spans).toEqual([
      { kind: "queued", start: 0, end: 5 },
      { kind: "running", start: 5, end: 20, attempt: 1, outcome: "failed" },
      { kind: "backoff", start: 20, end: 101 },
      { kind: "running", start: 101, end: 130, attempt: 2, outcome: "succeeded" },
    ]);
    expect(timeline.rows[1]!.spans).toEqual([{ kind: "waiting", start: 130, end: 401, reason: "delay", attempt: 1, outcome: "succeeded" }]);
    expect(timeline.rows[2]).toEqual({ nodeId: "other", spans: [], skipped: true });
  });

  it("leaves the spans of a live run open, and closes them as cancelled when the run ends", () => {
    const events: RunEvent[] = [
      { type: "run.started", runId: "r", flow: flowDoc, input: null, at: 0 },
      { type: "node.waiting", nodeId: "ok", attempt: 1, reason: "approval", at: 3 },
    ];
    expect(timelineOf(events).rows[0]!.spans[0]!.end).toBeUndefined();
    events.push({ type: "run.finished", status: "cancelled", at: 50 });
    expect(timelineOf(events).rows[0]!.spans[0]).toMatchObject({ end: 50, outcome: "cancelled" });
  });
});
