import { describe, expect, it } from "vitest";
import { addSample, figuresOf, flowFailures, formatRate, throughputSeries, throughputSummary, type TeamStats } from "./dashboard-stats.ts";

const stats: TeamStats = {
  since: "1970-01-01T00:00:00.000Z",
  runs: { total: 7, byStatus: { succeeded: 4, failed: 2, cancelled: 1 } },
  successRate: 4 / 6,
  durationMs: { p50: 120, p95: 1500, p99: null },
  queueWaitMs: { p50: 3, p95: 9, p99: 12 },
  nodes: { boom: { failures: 2, retries: 1 } },
  throughput: { bucketMs: 60_000, buckets: [{ at: "2026-01-01T00:00:00.000Z", succeeded: 3, failed: 1, other: 0 }, { at: "2026-01-01T00:01:00.000Z", succeeded: 1, failed: 1, other: 1 }] },
  flows: { a: { runs: 3, failed: 0 }, b: { runs: 4, failed: 2 } },
  latestFailures: [],
  queue: { depth: 2 },
  runners: { connected: 1, slots: 4, running: 3 },
};

describe("dashboard figures", () => {
  it("say the hub's numbers in words: counts, the success rate in per cent, durations, — for none", () => {
    const byKey = Object.fromEntries(figuresOf(stats).map((figure) => [figure.key, figure]));
    expect(byKey.runs!.text).toBe("7");
    expect(byKey.failed!.value).toBe(2);
    expect(byKey.successRate!.text).toBe("66.7 %");
    expect(byKey.p50!.text).toBe("120 ms");
    expect(byKey.p95!.text).toBe("1.5 s");
    expect(byKey.p99!.text).toBe("—");
    expect(byKey.slotsInUse!.text).toBe("3 / 4");
    expect(formatRate(null)).toBe("—");
  });

  it("throughput: seconds on x, failed and cancelled together, and a sentence for screen readers", () => {
    expect(throughputSeries(stats)).toEqual([[1767225600, 1767225660], [3, 1], [1, 2]]);
    expect(throughputSummary(stats)).toBe("Throughput: 7 runs finished (3 failed or cancelled); at most 4 in any 1 min.");
  });

  it("lists the most failing flow first and keeps only the newest samples", () => {
    expect(flowFailures(stats).map((row) => row.flowId)).toEqual(["b", "a"]);
    let samples = addSample([], stats, 1);
    for (let at = 2; at <= 5; at++) samples = addSample(samples, stats, at, 3);
    expect(samples.map((sample) => sample.at)).toEqual([3, 4, 5]);
  });
});
