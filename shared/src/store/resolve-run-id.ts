import { NexusError } from "../errors/index.ts";
import { cutText, maxQuotedChars } from "../json-limits.ts";

/**
 * Lets people type the first characters of a run id, as with git commits.
 * @example resolveRunId("3f2", ["3f2a…", "9c1e…"]) // "3f2a…"
 */
export function resolveRunId(prefix: string, runIds: readonly string[]): string {
  if (runIds.includes(prefix)) return prefix;
  const matches = prefix ? runIds.filter((id) => id.startsWith(prefix)) : [];
  if (matches.length === 1) return matches[0]!;
  const shown = cutText(prefix, maxQuotedChars); // typed by a person: quote only the start of a long one
  const message = matches.length ? `run id "${shown}" is ambiguous: ${matches.slice(0, 5).join(", ")}` : `no run ${shown}`;
  throw new NexusError({ code: matches.length ? "RUN_AMBIGUOUS" : "RUN_NOT_FOUND", message, retryable: false });
}
