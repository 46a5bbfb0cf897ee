import { describe, expect, it } from "vitest";
import type { RunEvent, RunLogWriter } from "@nexus-flow/shared";
import { groupCommit, hubKeptEvents } from "./group-commit.ts";

/** A writer that records each append (one transaction each) and settles them when told. */
function recordingWriter() {
  const writes: RunEvent[][] = [];
  const settles: Array<(error?: Error) => void> = [];
  let closed = false;
  const writer: RunLogWriter = {
    append(events) {
      writes.push([...events]);
      return new Promise<void>((resolve, reject) => settles.push((error) => (error ? reject(error) : resolve())));
    },
    async close() {
      closed = true;
    },
  };
  return { writer, writes, settleAll: (error?: Error) => settles.splice(0).forEach((settle) => settle(error)), closed: () => closed };
}

function manualTimers() {
  let due: Array<() => void> = [];
  return { setTimeout: (fn: () => void) => void due.push(fn), fire: () => due.splice(0).forEach((fn) => fn()) };
}

const started = (nodeId: string): RunEvent => ({ type: "node.started", nodeId, attempt: 1, at: 0 });
const succeeded = (nodeId: string): RunEvent => ({ type: "node.succeeded", nodeId, attempt: 1, output: null, at: 0 });
const finished: RunEvent = { type: "run.finished", status: "succeeded", at: 0 };

//   start ─▶ r1 (runner) ─▶ r2 (runner) ─▶ b (browser)
function setup() {
  const timers = manualTimers();
  const log = recordingWriter();
  const writer = groupCommit(log.writer, hubKeptEvents(new Set(["r1", "r2"])), 100, timers);
  return { timers, log, writer };
}

describe("group commit of runner-placed nodes' events", () => {
  it("holds the events of runner nodes and writes them in one transaction when the delay is up", async () => {
    const { timers, log, writer } = setup();
    const first = writer.append([started("r1")]);
    const second = writer.append([succeeded("r1"), started("r2")]);
    expect(log.writes).toEqual([]);
    timers.fire();
    expect(log.writes).toEqual([[started("r1"), succeeded("r1"), started("r2")]]);
    log.settleAll();
    await expect(Promise.all([first, second])).resolves.toBeDefined(); // durable once that write is
  });

  it("writes a browser node's event at once, after what is held, in order and in one transaction", async () => {
    const { timers, log, writer } = setup();
    void writer.append([succeeded("r1"), started("r2")]);
    void writer.append([succeeded("r2"), started("b")]);
    expect(log.writes).toEqual([[succeeded("r1"), started("r2"), succeeded("r2"), started("b")]]);
    timers.fire(); // nothing left to write
    expect(log.writes).toHaveLength(1);
  });

  it("never holds the run's end, a skip or a pinned result", () => {
    const { log, writer } = setup();
    void writer.append([finished]);
    void writer.append([{ type: "node.skipped", nodeId: "r1", at: 0 }]);
    void writer.append([{ ...succeeded("r2"), attempt: 0, pinned: true } as RunEvent]);
    expect(log.writes).toHaveLength(3);
  });

  it("writes what is held before closing the log", async () => {
    const { log, writer } = setup();
    void writer.append([started("r1")]);
    const closing = writer.close();
    expect(log.writes).toEqual([[started("r1")]]);
    log.settleAll();
    await closing;
    expect(log.closed()).toBe(true);
  });

  it("hands a failed write to every append it carried (the engine stops the run)", async () => {
    const { timers, log, writer } = setup();
    const held = writer.append([started("r1")]);
    timers.fire();
    log.settleAll(new Error("QuotaExceededError"));
    await expect(held).rejects.toThrow("QuotaExceededError");
  });
});
