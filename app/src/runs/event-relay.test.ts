import { describe, expect, it } from "vitest";
import type { RunEvent } from "@nexus-flow/shared";
import type { EventBatch } from "./engine-api.ts";
import { createEventRelay, type RelayTimers } from "./event-relay.ts";

/** Timers under the test's control: `advance(ms)` fires what is due, in order. */
function manualTimers(): RelayTimers & { advance(ms: number): void } {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void }> = [];
  return {
    now: () => now,
    setTimeout(fn, ms) {
      timers.push({ at: now + ms, fn });
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > until) break;
        timers = timers.slice(1);
        now = next.at;
        next.fn();
      }
      now = until;
    },
  };
}

const skipped = (i: number): RunEvent => ({ type: "node.skipped", nodeId: `n${i}`, at: i });

function setup() {
  const timers = manualTimers();
  const delivered: EventBatch[][] = [];
  const relay = createEventRelay((batches) => delivered.push(batches), 50, timers);
  return { timers, delivered, relay };
}

describe("event relay (worker → page batching)", () => {
  it("sends the first events on the next task, then at most one message per 50 ms", () => {
    const { timers, delivered, relay } = setup();
    relay.push("r", 0, [skipped(0)]);
    expect(delivered).toHaveLength(0); // not synchronously: the rest of the step joins it
    timers.advance(0);
    expect(delivered).toHaveLength(1);
    for (let i = 1; i <= 10_000; i++) relay.push("r", i, [skipped(i)]);
    timers.advance(49);
    expect(delivered).toHaveLength(1);
    timers.advance(1);
    expect(delivered).toHaveLength(2);
    expect(delivered[1]).toEqual([{ runId: "r", from: 1, events: Array.from({ length: 10_000 }, (_, i) => skipped(i + 1)) }]);
  });

  it("keeps each run's events in order, one batch per run per message", () => {
    const { timers, delivered, relay } = setup();
    relay.push("a", 0, [skipped(0), skipped(1)]);
    relay.push("b", 0, [skipped(5)]);
    relay.push("a", 2, [skipped(2)]);
    timers.advance(0);
    expect(delivered).toEqual([[{ runId: "a", from: 0, events: [skipped(0), skipped(1), skipped(2)] }, { runId: "b", from: 0, events: [skipped(5)] }]]);
  });

  it("flushes first when a run's log starts over (a resumed run sends its whole log again)", () => {
    const { timers, delivered, relay } = setup();
    relay.push("r", 0, [skipped(0)]);
    relay.push("r", 0, [skipped(0), skipped(1)]);
    timers.advance(0);
    expect(delivered.flat().map((batch) => [batch.from, batch.events.length])).toEqual([[0, 1], [0, 2]]);
  });

  it("marks a run settled after its last events, with the fault when there is one", () => {
    const { timers, delivered, relay } = setup();
    relay.push("r", 0, [skipped(0)]);
    relay.settle("r", 1, { code: "QUOTA", message: "disk full", retryable: false });
    timers.advance(0);
    expect(delivered).toEqual([[{ runId: "r", from: 0, events: [skipped(0)], settled: true, fault: { code: "QUOTA", message: "disk full", retryable: false } }]]);
  });

  it("sends a run's end at once, even within the interval after a delivery", () => {
    const { timers, delivered, relay } = setup();
    relay.push("r", 0, [skipped(0)]);
    timers.advance(0);
    relay.push("r", 1, [skipped(1)]);
    relay.settle("r", 2);
    expect(delivered).toEqual([[{ runId: "r", from: 0, events: [skipped(0)] }], [{ runId: "r", from: 1, events: [skipped(1)], settled: true }]]);
    relay.push("s", 0, [skipped(0)]);
    timers.advance(49);
    expect(delivered).toHaveLength(2); // the pace holds for what comes after
    timers.advance(1);
    expect(delivered).toHaveLength(3);
  });
});
