import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RunState } from "@nexus-flow/shared";
import { roomLimits, type RunBroadcast } from "@nexus-flow/shared/collab";
import { createRunBroadcaster, runBroadcastOf } from "./run-broadcast.ts";

function stateOf(statuses: Record<string, string>, status: RunState["status"] = "running"): RunState {
  const nodes = Object.fromEntries(Object.entries(statuses).map(([id, nodeStatus]) => [id, { status: nodeStatus }]));
  return { runId: "r1", status, nodes } as unknown as RunState;
}

describe("run broadcasts", () => {
  it("carry statuses and progress", () => {
    expect(runBroadcastOf(stateOf({ a: "succeeded", b: "running", c: "idle" }), "Alice")).toEqual({ type: "run", runId: "r1", by: "Alice", status: "running", nodes: { a: "succeeded", b: "running", c: "idle" }, done: 1, total: 3 });
  });

  it("stay under the relay's size limit for a 10,000-node run", () => {
    const statuses: Record<string, string> = {};
    for (let i = 0; i < 10_000; i++) statuses[`node-${i}`] = i < 5000 ? "succeeded" : i < 5010 ? "running" : "idle";
    const message = runBroadcastOf(stateOf(statuses), "Alice");
    expect(JSON.stringify(message).length).toBeLessThanOrEqual(roomLimits.maxNoticeBytes);
    expect(message).toMatchObject({ done: 5000, total: 10_000 });
    expect(Object.keys(message.nodes)).toHaveLength(10);
  });

  describe("throttling", () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it("sends at most every 150 ms while running, the newest state, and the final state at once", () => {
      const sent: RunBroadcast[] = [];
      const broadcaster = createRunBroadcaster((message) => sent.push(message));
      for (let i = 0; i < 50; i++) broadcaster.update(stateOf({ a: i < 49 ? "running" : "succeeded" }), "Alice");
      expect(sent).toHaveLength(0);
      vi.advanceTimersByTime(150);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.nodes).toEqual({ a: "succeeded" });
      broadcaster.update(stateOf({ a: "succeeded" }, "succeeded"), "Alice");
      expect(sent).toHaveLength(2);
      expect(sent[1]!.status).toBe("succeeded");
      vi.advanceTimersByTime(1000);
      expect(sent).toHaveLength(2);
    });
  });
});
