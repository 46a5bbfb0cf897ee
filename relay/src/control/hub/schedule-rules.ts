/**
 * When a schedule fires, pure: given a schedule's row, the time and how many of its runs are
 * still going, which occurrences start a run, which are skipped and why, and when it fires
 * next (rules S1–S5 in PROTOCOL.md). croner does the calendar: time zones and DST included.
 */
import { Cron } from "croner";

export type Overlap = "skip" | "buffer-one" | "allow" | "cancel-previous";
export type CatchUp = "none" | "latest" | "all";

export interface ScheduleRow {
  readonly cron: string;
  readonly timezone: string;
  readonly overlap: Overlap;
  readonly catchUp: CatchUp;
  readonly windowMs: number;
  /** The next occurrence not yet handled, epoch ms. */
  readonly nextAt: number;
  /** A run waits to start when the running one ends (overlap `buffer-one`). */
  readonly buffered: boolean;
}

export type Firing =
  | { readonly kind: "start"; readonly scheduledAt: number; readonly cancelPrevious: boolean }
  | { readonly kind: "buffer"; readonly scheduledAt: number }
  | { readonly kind: "skip"; readonly scheduledAt: number; readonly reason: string };

/** An occurrence handled later than this after its time was missed (the hub was not running). */
export const lateAfterMs = 30_000;
const maxOccurrences = 500;

export function cronOf(row: Pick<ScheduleRow, "cron" | "timezone">): Cron {
  return new Cron(row.cron, { timezone: row.timezone, paused: true });
}

/** The first occurrence strictly after `after`. */
export function nextOccurrence(row: Pick<ScheduleRow, "cron" | "timezone">, after: number): number | undefined {
  return cronOf(row).nextRun(new Date(after))?.getTime();
}

/** S1–S5: what to do with the occurrences due by `now`. */
export function dueFirings(row: ScheduleRow, now: number, activeRuns: number): { firings: Firing[]; nextAt: number | undefined; buffered: boolean } {
  if (row.nextAt > now) return { firings: [], nextAt: row.nextAt, buffered: row.buffered };
  const due: number[] = [];
  for (let at: number | undefined = row.nextAt; at !== undefined && at <= now && due.length < maxOccurrences; at = nextOccurrence(row, at)) due.push(at);
  const firings: Firing[] = [];
  let active = activeRuns;
  let buffered = row.buffered;
  for (const [index, at] of due.entries()) {
    const missed = now - at > lateAfterMs;
    if (missed && !catchesUp(row, at, now, index === due.length - 1)) {
      firings.push({ kind: "skip", scheduledAt: at, reason: "missed while nothing could run (catch-up is off)" });
      continue;
    }
    const firing = applyOverlap(row.overlap, at, active, buffered);
    if (firing.kind === "start") active = firing.cancelPrevious ? 1 : active + 1;
    if (firing.kind === "buffer") buffered = true;
    firings.push(firing);
  }
  return { firings, nextAt: nextOccurrence(row, Math.max(now, due[due.length - 1] ?? now)), buffered };
}

/** S4: `latest` runs the newest missed occurrence only; `all` every one within the window. */
function catchesUp(row: ScheduleRow, at: number, now: number, isLatest: boolean): boolean {
  if (row.catchUp === "latest") return isLatest;
  if (row.catchUp === "all") return now - at <= row.windowMs;
  return false;
}

/** S3: what an occurrence does while earlier runs of the schedule are still going. */
function applyOverlap(overlap: Overlap, at: number, active: number, buffered: boolean): Firing {
  if (active === 0 || overlap === "allow") return { kind: "start", scheduledAt: at, cancelPrevious: false };
  if (overlap === "cancel-previous") return { kind: "start", scheduledAt: at, cancelPrevious: true };
  if (overlap === "buffer-one" && !buffered) return { kind: "buffer", scheduledAt: at };
  return { kind: "skip", scheduledAt: at, reason: overlap === "buffer-one" ? "a run already waits for the running one" : "the previous run is still running" };
}
