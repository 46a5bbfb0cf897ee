import { readRunBroadcast, type RoomNotice } from "@nexus-flow/shared/collab";

/**
 * A text frame from the room, checked: it comes from another browser through the relay, so
 * anything not shaped like a notice is ignored rather than trusted. Run broadcasts get the
 * relay's own check; names are cut to what the run panel shows.
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
  const checked = readRunBroadcast(value);
  return checked.ok ? { ...checked.run, by: checked.run.by.slice(0, 40) } : undefined;
}
