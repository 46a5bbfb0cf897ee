import { describe, expect, it } from "vitest";
import { parseNotice } from "./notices.ts";

const run = { type: "run", runId: "r1", by: "Alice", status: "running", nodes: { a: "succeeded", b: "running" }, done: 1, total: 2 };

describe("room notices from other browsers", () => {
  it("accepts run broadcasts and relay notices", () => {
    expect(parseNotice(JSON.stringify(run))).toEqual(run);
    expect(parseNotice(JSON.stringify({ type: "notice", code: "read-only", message: "View links cannot edit." }))).toEqual({ type: "notice", code: "read-only", message: "View links cannot edit." });
  });

  it("ignores anything else, including a run whose node statuses are not strings", () => {
    for (const text of ["not json", "null", "42", JSON.stringify({ type: "run" }), JSON.stringify({ ...run, status: "exploded" }), JSON.stringify({ ...run, done: "1" }), JSON.stringify({ type: "notice", code: "other", message: "x" })]) {
      expect(parseNotice(text)).toBeUndefined();
    }
    // The relay refuses such a broadcast (and closes its sender); the app drops it whole too.
    expect(parseNotice(JSON.stringify({ ...run, nodes: { a: 1, b: "running" } }))).toBeUndefined();
    expect(parseNotice(JSON.stringify({ ...run, by: "x".repeat(100) }))).toMatchObject({ by: "x".repeat(40) });
  });
});
