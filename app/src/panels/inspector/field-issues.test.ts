import { describe, expect, it } from "vitest";
import { placeIssues } from "./field-issues.ts";

describe("placeIssues", () => {
  const fields = ["config.url", "config.headers", "retry.maxAttempts", "timeoutMs"];

  it("puts an issue next to the field its path names, or the longest field prefix", () => {
    const placed = placeIssues(
      [
        { path: "config.url", message: "too small" },
        { path: 'config.headers["X-A"]', message: "expected string" },
        { path: "config.headers.Accept", message: "expected string" },
        { path: "retry.maxAttempts", message: "too big" },
      ],
      fields,
    );
    expect(placed.byField.get("config.url")).toEqual([{ path: "config.url", message: "too small" }]);
    expect(placed.byField.get("config.headers")).toHaveLength(2);
    expect(placed.byField.get("retry.maxAttempts")).toHaveLength(1);
    expect(placed.rest).toEqual([]);
  });

  it("leaves issues no field names for the top, and does not match a mere name prefix", () => {
    const placed = placeIssues(
      [
        { path: "config", message: 'unrecognized key: "extra"' },
        { path: "timeoutMsExtra", message: "x" },
        { path: "retry", message: "expected object" },
      ],
      fields,
    );
    expect(placed.byField.size).toBe(0);
    expect(placed.rest.map((issue) => issue.path)).toEqual(["config", "timeoutMsExtra", "retry"]);
  });
});
