import { describe, expect, it } from "vitest";
import { throughput } from "./stats-breakdown.ts";

const at = (iso: string) => Date.parse(iso);

describe("throughput buckets", () => {
  it("count finished runs by status in buckets aligned to their width, from the first one to now", () => {
    const rows = [
      { status: "succeeded", finished_at: at("2026-01-01T10:00:05Z") },
      { status: "failed", finished_at: at("2026-01-01T10:00:59Z") },
      { status: "succeeded", finished_at: at("2026-01-01T10:02:00Z") },
      { status: "cancelled", finished_at: at("2026-01-01T10:02:30Z") },
      { status: "running", finished_at: null },
    ];
    const result = throughput(rows, 60_000, at("2026-01-01T10:02:40Z"));
    expect(result.bucketMs).toBe(60_000);
    expect(result.buckets).toEqual([
      { at: "2026-01-01T10:00:00.000Z", succeeded: 1, failed: 1, other: 0 },
      { at: "2026-01-01T10:01:00.000Z", succeeded: 0, failed: 0, other: 0 },
      { at: "2026-01-01T10:02:00.000Z", succeeded: 1, failed: 0, other: 1 },
    ]);
  });

  it("widens the buckets so that a long window stays within 120 of them, and counts every run once", () => {
    const rows = Array.from({ length: 1000 }, (_, index) => ({ status: index % 10 ? "succeeded" : "failed", finished_at: at("2026-01-01T00:00:00Z") + index * 86_400 * 7 }));
    const result = throughput(rows, 60_000, at("2026-01-01T00:00:00Z") + 1000 * 86_400 * 7);
    expect(result.buckets.length).toBeLessThanOrEqual(121);
    expect(result.buckets.reduce((sum, bucket) => sum + bucket.succeeded + bucket.failed, 0)).toBe(1000);
    expect(result.buckets.reduce((sum, bucket) => sum + bucket.failed, 0)).toBe(100);
  });
});
