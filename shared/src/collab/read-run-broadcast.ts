/**
 * The check of a run status broadcast (`RunBroadcast` text frame), shared by the relay (which
 * relays only what passes, never storing it) and the app (which takes nothing from another
 * browser unchecked).
 */
import type { RunBroadcast } from "./protocol.ts";

/** Every `RunBroadcast["status"]`, no more, no less: the compiler holds this to the contract. */
const statusNames: Record<RunBroadcast["status"], true> = { running: true, succeeded: true, failed: true, cancelled: true };
const statuses: ReadonlySet<string> = new Set(Object.keys(statusNames));
const maxIdLength = 256;

/**
 * Checks a parsed text frame against `RunBroadcast`; the error names the first bad field.
 * @example
 * readRunBroadcast({ type: "run", runId: "r1", by: "Ada", status: "running", nodes: {}, done: 0, total: 3 })
 * // → { ok: true, run: … }
 */
export function readRunBroadcast(value: unknown): { ok: true; run: RunBroadcast } | { ok: false; reason: string } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fail("run broadcast must be an object");
  const run = value as Record<string, unknown>;
  if (run.type !== "run") return fail('run broadcast type must be "run"');
  if (!isShortString(run.runId)) return fail("run broadcast runId must be a string of 1-256 characters");
  if (typeof run.by !== "string" || run.by.length > maxIdLength) return fail("run broadcast by must be a string");
  if (typeof run.status !== "string" || !statuses.has(run.status)) return fail(`run broadcast status ${JSON.stringify(run.status)} is not a run status`);
  const nodesReason = checkNodes(run.nodes);
  if (nodesReason) return fail(nodesReason);
  if (!isCount(run.done) || !isCount(run.total) || run.done > run.total) {
    return fail("run broadcast done and total must be integers with 0 <= done <= total");
  }
  const extra = Object.keys(run).find((key) => !knownKeys.has(key));
  if (extra !== undefined) return fail(`run broadcast has an unknown property ${JSON.stringify(extra)}`);
  return { ok: true, run: run as unknown as RunBroadcast };
}

const knownKeys: ReadonlySet<string> = new Set(["type", "runId", "by", "status", "nodes", "done", "total"]);

function checkNodes(nodes: unknown): string | undefined {
  if (typeof nodes !== "object" || nodes === null || Array.isArray(nodes)) return "run broadcast nodes must be an object";
  for (const [id, status] of Object.entries(nodes)) {
    if (id.length > maxIdLength || typeof status !== "string" || status.length > 32) {
      return `run broadcast nodes.${id.slice(0, 40)} must be a status string`;
    }
  }
  return undefined;
}

function isShortString(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= maxIdLength;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
