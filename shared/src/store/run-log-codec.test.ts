import { describe, expect, it } from "vitest";
import type { RunEvent } from "../engine/run-event.ts";
import type { Flow } from "../flow/flow-schema.ts";
import { createRunLogEncoder, decodeRunLog, minSharedBytes } from "./run-log-codec.ts";

const flow: Flow = { schemaVersion: 1, id: "f", name: "F", nodes: [], edges: [] };
const big = { blob: "b".repeat(minSharedBytes) };

/** What a store writes: each event encoded, through JSON. */
function store(events: readonly RunEvent[], prefix: readonly RunEvent[] = []): unknown[] {
  const encode = createRunLogEncoder(prefix);
  return events.map((event) => JSON.parse(JSON.stringify(encode(event))));
}

describe("run log codec (L5)", () => {
  it("L5: the run input passed on by reference is stored once, then referred to", () => {
    const events: RunEvent[] = [
      { type: "run.started", runId: "r", flow, input: big, at: 1 },
      { type: "node.succeeded", nodeId: "s", attempt: 1, output: big, at: 2 },
      { type: "node.succeeded", nodeId: "a", attempt: 1, output: big, at: 3 },
    ];
    const stored = store(events);
    expect(stored[1]).toEqual({ type: "node.succeeded", nodeId: "s", attempt: 1, outputOf: { runInput: true }, at: 2 });
    expect(stored[2]).toMatchObject({ outputOf: { runInput: true } });
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(big).length + 600);
    const read = decodeRunLog("r", stored);
    expect(read).toEqual(events);
    expect((read[2] as { output: unknown }).output).toBe((read[0] as { input: unknown }).input);
  });

  it("L5: equal long strings are shared by content; small values and equal-but-distinct objects stay inline", () => {
    const events: RunEvent[] = [
      { type: "run.started", runId: "r", flow, input: null, at: 1 },
      { type: "node.succeeded", nodeId: "constructor", attempt: 1, output: "x".repeat(1000), at: 2 },
      { type: "node.succeeded", nodeId: "b", attempt: 1, output: "x".repeat(1000), at: 3 },
      { type: "node.succeeded", nodeId: "c", attempt: 1, output: { small: 1 }, at: 4 },
      { type: "node.succeeded", nodeId: "d", attempt: 1, output: { ...big }, at: 5 },
    ];
    const stored = store(events) as Array<Record<string, unknown>>;
    expect(stored[2]).toMatchObject({ outputOf: { node: "constructor" } });
    expect(stored[3]).toHaveProperty("output");
    expect(stored[4]).toHaveProperty("output");
    expect(decodeRunLog("r", stored)).toEqual(events);
  });

  it("L5: logs written before references (old logs) read exactly as written", () => {
    const old = [
      { type: "run.started", runId: "r", flow, input: big, at: 1 },
      { type: "node.succeeded", nodeId: "a", attempt: 1, output: big, at: 2 },
    ];
    expect(decodeRunLog("r", JSON.parse(JSON.stringify(old)))).toEqual(old);
  });

  it("L5: a reference to an output the log does not have is a corrupt log, said with its entry", () => {
    const stored = [{ type: "run.started", runId: "r", flow, input: null, at: 1 }, { type: "node.succeeded", nodeId: "a", attempt: 1, outputOf: { node: "ghost" }, at: 2 }];
    expect(() => decodeRunLog("r", stored)).toThrow("run r: entry 2 of its log refers to an output it does not have");
  });
});
