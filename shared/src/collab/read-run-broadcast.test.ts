import { describe, expect, it } from "vitest";
import type { RunBroadcast } from "./protocol.ts";
import { readRunBroadcast } from "./read-run-broadcast.ts";

const run: RunBroadcast = { type: "run", runId: "r1", by: "Ada", status: "succeeded", nodes: { a: "succeeded", b: "skipped" }, done: 2, total: 2 };

describe("readRunBroadcast", () => {
  it("accepts every run status", () => {
    for (const status of ["running", "succeeded", "failed", "cancelled"] as const) {
      expect(readRunBroadcast({ ...run, status })).toEqual({ ok: true, run: { ...run, status } });
    }
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ["not an object", "run", /must be an object/],
    ["an array", [run], /must be an object/],
    ["a status outside the contract", { ...run, status: "done" }, /status "done" is not a run status/],
    ["an empty runId", { ...run, runId: "" }, /runId/],
    ["a numeric by", { ...run, by: 7 }, /by must be a string/],
    ["nodes as an array", { ...run, nodes: ["a"] }, /nodes must be an object/],
    ["a node status that is not a string", { ...run, nodes: { a: 1 } }, /nodes\.a must be a status string/],
    ["a fractional done", { ...run, done: 0.5 }, /done and total/],
    ["a negative total", { ...run, done: 0, total: -1 }, /done and total/],
    ["an extra property", { ...run, secret: 1 }, /unknown property "secret"/],
  ];
  it.each(bad)("refuses %s, naming the field", (_name, value, reason) => {
    const result = readRunBroadcast(value);
    expect(result.ok).toBe(false);
    expect(result).toHaveProperty("reason", expect.stringMatching(reason));
  });
});
