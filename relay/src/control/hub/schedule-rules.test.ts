import { describe, expect, it } from "vitest";
import { dueFirings, nextOccurrence, type ScheduleRow } from "./schedule-rules.ts";

const base: ScheduleRow = { cron: "0 * * * * *", timezone: "UTC", overlap: "skip", catchUp: "none", windowMs: 3_600_000, nextAt: Date.parse("2026-12-07T10:00:00Z"), buffered: false };
const iso = (ms: number) => new Date(ms).toISOString();

describe("schedule rules (S)", () => {
  it("S1: an occurrence due now starts a run, and the next one is computed", () => {
    const { firings, nextAt } = dueFirings(base, Date.parse("2026-12-07T10:00:00.020Z"), 0);
    expect(firings).toEqual([{ kind: "start", scheduledAt: base.nextAt, cancelPrevious: false }]);
    expect(iso(nextAt!)).toBe("2026-12-07T10:01:00.000Z");
  });

  it("S3: overlap skip / allow / buffer-one / cancel-previous while a run is still going", () => {
    const now = base.nextAt + 5;
    expect(dueFirings({ ...base, overlap: "skip" }, now, 1).firings[0]).toMatchObject({ kind: "skip", reason: "the previous run is still running" });
    expect(dueFirings({ ...base, overlap: "allow" }, now, 1).firings[0]).toMatchObject({ kind: "start", cancelPrevious: false });
    expect(dueFirings({ ...base, overlap: "buffer-one" }, now, 1)).toMatchObject({ firings: [{ kind: "buffer" }], buffered: true });
    expect(dueFirings({ ...base, overlap: "buffer-one", buffered: true }, now, 1).firings[0]).toMatchObject({ kind: "skip", reason: "a run already waits for the running one" });
    expect(dueFirings({ ...base, overlap: "cancel-previous" }, now, 1).firings[0]).toMatchObject({ kind: "start", cancelPrevious: true });
  });

  it("S4: after downtime, catch-up none skips what was missed, latest runs the newest, all runs those in the window", () => {
    const now = base.nextAt + 3 * 60_000 + 10; // 10:00, 10:01, 10:02 missed; 10:03 on time
    const kinds = (row: ScheduleRow) => dueFirings(row, now, 0).firings.map((f) => `${iso(f.scheduledAt).slice(11, 16)} ${f.kind}`);
    expect(kinds({ ...base, catchUp: "none" })).toEqual(["10:00 skip", "10:01 skip", "10:02 skip", "10:03 start"]);
    expect(kinds({ ...base, catchUp: "none", overlap: "allow" })).toEqual(["10:00 skip", "10:01 skip", "10:02 skip", "10:03 start"]);
    expect(kinds({ ...base, catchUp: "latest", cron: "0 0 * * * *" })).toEqual(["10:00 start"]);
    expect(kinds({ ...base, catchUp: "all", overlap: "allow", windowMs: 150_000 })).toEqual(["10:00 skip", "10:01 start", "10:02 start", "10:03 start"]);
  });

  it("S5: a time zone's DST change fires at the right wall times (Europe/Berlin, 30 March 2025)", () => {
    const row = { cron: "30 2 * * *", timezone: "Europe/Berlin" }; // 02:30 does not exist on the change day
    const fires = [Date.parse("2025-03-28T12:00:00Z")];
    for (let i = 0; i < 3; i++) fires.push(nextOccurrence(row, fires[fires.length - 1]!)!);
    const wall = fires.slice(1).map((ms) => new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", dateStyle: "short", timeStyle: "short" }).format(ms));
    expect(wall[0]).toBe("29/03/2025, 02:30");
    expect(wall[2]).toBe("31/03/2025, 02:30");
    expect(fires[3]! - fires[2]!).toBeLessThanOrEqual(24 * 3_600_000);
    const hourly = { cron: "0 9 * * *", timezone: "Europe/Berlin" };
    const before = nextOccurrence(hourly, Date.parse("2025-03-29T12:00:00Z"))!;
    const after = nextOccurrence(hourly, before)!;
    expect(iso(before)).toBe("2025-03-30T07:00:00.000Z"); // 09:00 CEST
    expect(after - before).toBe(24 * 3_600_000);
    expect(iso(nextOccurrence(hourly, Date.parse("2025-03-28T12:00:00Z"))!)).toBe("2025-03-29T08:00:00.000Z"); // 09:00 CET
  });
});
