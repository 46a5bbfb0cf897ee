import type { RoomNotice, RunBroadcast } from "@nexus-flow/shared/collab";

const runStatuses = new Set<RunBroadcast["status"]>(["running", "succeeded", "failed", "cancelled"]);

/**
 * A text frame from the room, checked: it comes from another browser through the relay, so
 * anything not shaped like a notice is ignored rather than trusted.
 */
export function parseNotice(text: string): RoomNotice | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const message = value as Record<string, unknown>;
  if (message.type === "notice" && typeof message.message === "string" && (message.code === "read-only" || message.code === "rate-limited")) {
    return { type: "notice", code: message.code, message: message.message };
  }
  if (message.type !== "run") return undefined;
  const { runId, by, status, nodes, done, total } = message;
  if (typeof runId !== "string" || typeof by !== "string" || !runStatuses.has(status as RunBroadcast["status"])) return undefined;
  if (typeof done !== "number" || typeof total !== "number" || typeof nodes !== "object" || nodes === null) return undefined;
  const statuses: Record<string, string> = {};
  for (const [id, nodeStatus] of Object.entries(nodes)) if (typeof nodeStatus === "string") statuses[id] = nodeStatus;
  return { type: "run", runId, by: by.slice(0, 40), status: status as RunBroadcast["status"], nodes: statuses, done, total };
}
