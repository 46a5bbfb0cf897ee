/**
 * What a schedule node means, for its inspector: the cron expression in words (cronstrue) and
 * its next fire times computed by croner, the library the hub fires it with, in the flow's
 * time zone, so the preview and the hub agree, daylight saving changes included.
 */
import { Cron } from "croner";
import cronstrue from "cronstrue";

export type SchedulePreview =
  | { readonly ok: true; readonly words: string; readonly timezone: string; readonly next: readonly Date[] }
  | { readonly ok: false; readonly message: string };

/**
 * @example schedulePreview("0 9 * * 1-5", "Europe/Berlin", new Date()).words // "At 09:00, Monday through Friday"
 */
export function schedulePreview(cron: string, timezone: string | undefined, from: Date, count = 5): SchedulePreview {
  const zone = timezone || "UTC";
  if (!cron.trim()) return { ok: false, message: "Give a cron expression: 5 fields (minute hour day month weekday), or 6 with seconds first." };
  let next: Date[];
  try {
    // paused: only a calculator here; the hub is what fires it.
    next = new Cron(cron, { timezone: zone, paused: true }).nextRuns(count, from);
  } catch (error) {
    return { ok: false, message: `This schedule cannot run: ${(error as Error).message}` };
  }
  let words: string;
  try {
    words = cronstrue.toString(cron, { use24HourTimeFormat: true, verbose: false });
  } catch {
    words = cron; // croner took it, cronstrue cannot say it: the expression itself is still true
  }
  return { ok: true, words, timezone: zone, next };
}

/** A fire time as people in that zone read it: `Mon, 30 Mar 2026, 09:00:00 CEST`. */
export function formatInZone(at: Date, timezone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: timezone, weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "short" }).format(at);
}
