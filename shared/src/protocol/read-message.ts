import type * as z from "zod/mini";
import { formatPath } from "../flow/flow-issue.ts";
import { wireLimits } from "./wire.ts";

export type ReadResult<T> = { ok: true; message: T } | { ok: false; reason: string; tooBig?: boolean };

/**
 * Parses and validates one frame. Never throws: a hostile or broken peer gets a reason it
 * can read (rule W2), and the caller decides whether to close the connection.
 * @example readMessage(runnerMessageSchema, '{"type":"drain"}') // { ok: true, message: { type: "drain" } }
 */
export function readMessage<S extends z.ZodMiniType>(schema: S, frame: string | ArrayBuffer): ReadResult<z.infer<S>> {
  if (typeof frame !== "string") return { ok: false, reason: "binary frames are not part of the protocol: send JSON text" };
  if (frame.length > wireLimits.maxFrameBytes) return { ok: false, reason: `frame of ${frame.length} bytes is over the ${wireLimits.maxFrameBytes}-byte limit`, tooBig: true };
  let data: unknown;
  try {
    data = JSON.parse(frame);
  } catch {
    return { ok: false, reason: "the frame is not valid JSON" };
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${formatPath(issue.path)}: ` : "";
  const type = typeof data === "object" && data !== null && "type" in data ? ` (type ${JSON.stringify((data as { type: unknown }).type).slice(0, 60)})` : "";
  return { ok: false, reason: `bad message${type}: ${where}${issue.message}` };
}
