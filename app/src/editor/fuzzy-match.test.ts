import { describe, expect, it } from "vitest";
import { fuzzyScore } from "./fuzzy-match.ts";

describe("command palette filter", () => {
  it("matches letters in order, and refuses text without them", () => {
    expect(fuzzyScore("Duplicate", "dup")).toBeDefined();
    expect(fuzzyScore("Zoom in", "zi")).toBeDefined();
    expect(fuzzyScore("Layout", "zz")).toBeUndefined();
    expect(fuzzyScore("Add HTTP request", "http req")).toBeDefined();
    expect(fuzzyScore("Add HTTP request", "http xyz")).toBeUndefined();
  });

  it("ranks prefix and whole-word matches above scattered letters", () => {
    expect(fuzzyScore("Run the flow", "run")!).toBeGreaterThan(fuzzyScore("Re-run from here", "run")!);
    expect(fuzzyScore("Re-run from here", "run")!).toBeGreaterThan(fuzzyScore("Return value", "rn")!);
  });
});
