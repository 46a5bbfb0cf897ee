import { describe, expect, it } from "vitest";
import type { RelayTimers } from "./event-relay.ts";
import type { JobNote } from "./job-notes.ts";
import { createNoteRelay } from "./note-relay.ts";

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

const note = (nodeId: string, state: JobNote["state"]): JobNote => ({ runId: "r1", nodeId, attempt: 1, labels: [], state });

describe("note relay", () => {
  it("sends the first notes on the next task, then at most once per interval, latest note per node", () => {
    const timers = manualTimers();
    const delivered: JobNote[][] = [];
    const relay = createNoteRelay((notes) => delivered.push(notes), 50, timers);
    relay.push(note("a", "submitted"));
    relay.push(note("a", "running"));
    expect(delivered).toEqual([]);
    timers.advance(0);
    expect(delivered).toEqual([[note("a", "running")]]);
    relay.push(note("a", "finished"));
    relay.push(note("b", "submitted"));
    relay.push(note("b", "queued"));
    timers.advance(49);
    expect(delivered).toHaveLength(1);
    timers.advance(1);
    expect(delivered[1]).toEqual([note("a", "finished"), note("b", "queued")]);
  });

  it("keeps the order of the latest changes and sends nothing when idle", () => {
    const timers = manualTimers();
    const delivered: JobNote[][] = [];
    const relay = createNoteRelay((notes) => delivered.push(notes), 50, timers);
    relay.push(note("a", "submitted"));
    relay.push(note("b", "submitted"));
    relay.push(note("a", "running"));
    relay.flush();
    expect(delivered).toEqual([[note("b", "submitted"), note("a", "running")]]);
    timers.advance(500);
    expect(delivered).toHaveLength(1);
  });
});
