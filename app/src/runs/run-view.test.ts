import { describe, expect, it } from "vitest";
import type { RunEvent } from "@nexus-flow/shared";
import { flow } from "../../../shared/test-support/flow-builder.ts";
import { applyBatch, viewOfLog } from "./run-view.ts";

// start ─▶ a
//       └▶ b
const fan = flow("fan").trigger().noop("a", "b").edge("start", "a").edge("start", "b").build();
const log: RunEvent[] = [
  { type: "run.started", runId: "r", flow: fan, input: null, at: 0 },
  { type: "node.started", nodeId: "start", attempt: 1, at: 1 },
  { type: "node.succeeded", nodeId: "start", attempt: 1, output: null, at: 1 },
  { type: "node.started", nodeId: "a", attempt: 1, at: 2 },
  { type: "node.started", nodeId: "b", attempt: 1, at: 2 },
  { type: "node.succeeded", nodeId: "a", attempt: 1, output: 1, at: 3 },
];

describe("run view (the page's fold of streamed batches)", () => {
  it("builds a view from a batch that starts the log, and folds later ones on top", () => {
    const first = applyBatch(undefined, { runId: "r", from: 0, events: log.slice(0, 3) })!;
    expect(first.state.nodes.start!.status).toBe("succeeded");
    const next = applyBatch(first, { runId: "r", from: 3, events: log.slice(3) })!;
    expect(next.events).toEqual(log);
    expect(next.state.nodes.a).toMatchObject({ status: "succeeded", output: 1 });
    expect(next.live).toBe(true);
  });

  it("drops events it already has (a snapshot and a batch overlap) and cannot bridge a gap", () => {
    const view = viewOfLog(log.slice(0, 4), true);
    const next = applyBatch(view, { runId: "r", from: 2, events: log.slice(2) })!;
    expect(next.events).toEqual(log);
    expect(applyBatch(viewOfLog(log.slice(0, 2), true), { runId: "r", from: 4, events: log.slice(4) })).toBeUndefined();
    expect(applyBatch(undefined, { runId: "r", from: 3, events: log.slice(3) })).toBeUndefined();
  });

  it("folds copy-on-write: a new state per batch, fresh records only for the nodes it touched", () => {
    const view = viewOfLog(log.slice(0, 5), true);
    const next = applyBatch(view, { runId: "r", from: 5, events: log.slice(5) })!;
    expect(next.state).not.toBe(view.state);
    expect(next.state.nodes.a).not.toBe(view.state.nodes.a);
    expect(next.state.nodes.b).toBe(view.state.nodes.b);
    expect(view.state.nodes.a!.status).toBe("running"); // the earlier state is left as it was
  });

  it("ends liveness when the run settles, keeping the worker's fault", () => {
    const view = viewOfLog(log, true);
    const fault = { code: "QUOTA_EXCEEDED", message: "no space left", retryable: false };
    expect(applyBatch(view, { runId: "r", from: log.length, events: [], settled: true, fault })).toMatchObject({ live: false, fault });
  });
});
