import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "./retry-after.ts";

describe("parseRetryAfter (H3)", () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);

  it("H3: reads delay-seconds", () => {
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
  });

  it("H3: reads an HTTP date relative to now, never negative", () => {
    expect(parseRetryAfter("Thu, 01 Jan 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 11:00:00 GMT", now)).toBe(0);
  });

  it("H3: ignores a missing or unreadable header", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
});
