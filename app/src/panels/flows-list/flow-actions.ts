const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["week", 7 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

/** `just now`, `5 minutes ago`, `yesterday`… */
export function timeAgo(at: number, now = Date.now()): string {
  const elapsed = now - at;
  for (const [unit, ms] of units) if (elapsed >= ms) return relative.format(-Math.floor(elapsed / ms), unit);
  return "just now";
}
