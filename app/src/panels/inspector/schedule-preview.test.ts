import { describe, expect, it } from "vitest";
import { formatInZone, schedulePreview } from "./schedule-preview.ts";

describe("schedule preview", () => {
  it("says the cron in words and lists the next five fire times in the flow's zone, across a DST change", () => {
    // Europe/Berlin moves from CET (+1) to CEST (+2) on Sunday 29 March 2026.
    const preview = schedulePreview("0 9 * * *", "Europe/Berlin", new Date("2026-03-27T12:00:00Z"));
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.words).toBe("At 09:00");
    expect(preview.next.map((at) => at.toISOString())).toEqual([
      "2026-03-28T08:00:00.000Z", // 09:00 CET
      "2026-03-29T07:00:00.000Z", // 09:00 CEST
      "2026-03-30T07:00:00.000Z",
      "2026-03-31T07:00:00.000Z",
      "2026-04-01T07:00:00.000Z",
    ]);
    expect(formatInZone(preview.next[1]!, "Europe/Berlin", "en-GB")).toBe("Sun, 29 Mar 2026, 09:00:00 CEST");
  });

  it("takes six fields with seconds, defaults to UTC, and says why a schedule cannot run", () => {
    const every = schedulePreview("*/2 * * * * *", undefined, new Date("2026-01-01T00:00:00.500Z"));
    expect(every.ok && every.timezone).toBe("UTC");
    expect(every.ok && every.words).toBe("Every 2 seconds");
    expect(every.ok && every.next.map((at) => at.toISOString().slice(11, 19))).toEqual(["00:00:02", "00:00:04", "00:00:06", "00:00:08", "00:00:10"]);
    const broken = schedulePreview("61 * * * *", "UTC", new Date());
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.message).toMatch(/^This schedule cannot run: /);
    expect(schedulePreview("  ", "UTC", new Date()).ok).toBe(false);
  });
});
