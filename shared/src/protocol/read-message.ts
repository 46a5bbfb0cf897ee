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
  const data = parseFrame(frame);
  return "reason" in data ? data : checkMessage(schema, data.value);
}

/**
 * W4: a frame that is a JSON array carries several messages (at most `maxBatch`), handled in
 * order as if each had come alone; any other frame is one message. `quick` may vouch for a
 * plainly valid message before zod runs (it never refuses one).
 * @example readMessages(runnerMessageSchema, '[{"type":"drain"},{"type":"drain"}]') // { ok: true, message: [{…}, {…}] }
 */
export function readMessages<S extends z.ZodMiniType>(schema: S, frame: string | ArrayBuffer, quick?: (value: unknown) => z.infer<S> | undefined): ReadResult<z.infer<S>[]> {
  const data = parseFrame(frame);
  if ("reason" in data) return data;
  if (!Array.isArray(data.value)) {
    const fast = quick?.(data.value);
    if (fast !== undefined) return { ok: true, message: [fast] };
    const one = checkMessage(schema, data.value);
    return one.ok ? { ok: true, message: [one.message] } : one;
  }
  if (data.value.length === 0 || data.value.length > wireLimits.maxBatch) return { ok: false, reason: `a batch frame holds 1 to ${wireLimits.maxBatch} messages, not ${data.value.length}` };
  const messages: z.infer<S>[] = [];
  for (const [index, value] of data.value.entries()) {
    // A quick check that only ever says "valid" (quick-message-check.ts); zod decides the rest.
    const fast = quick?.(value);
    if (fast !== undefined) {
      messages.push(fast);
      continue;
    }
    const one = checkMessage(schema, value);
    if (!one.ok) return { ok: false, reason: `message ${index + 1} of the batch: ${one.reason}` };
    messages.push(one.message);
  }
  return { ok: true, message: messages };
}

function parseFrame(frame: string | ArrayBuffer): { value: unknown } | { ok: false; reason: string; tooBig?: boolean } {
  if (typeof frame !== "string") return { ok: false, reason: "binary frames are not part of the protocol: send JSON text" };
  if (frame.length > wireLimits.maxFrameBytes) return { ok: false, reason: `frame of ${frame.length} bytes is over the ${wireLimits.maxFrameBytes}-byte limit`, tooBig: true };
  try {
    return { value: JSON.parse(frame) };
  } catch {
    return { ok: false, reason: "the frame is not valid JSON" };
  }
}

function checkMessage<S extends z.ZodMiniType>(schema: S, data: unknown): ReadResult<z.infer<S>> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${formatPath(issue.path)}: ` : "";
  const type = typeof data === "object" && data !== null && "type" in data ? ` (type ${JSON.stringify((data as { type: unknown }).type).slice(0, 60)})` : "";
  return { ok: false, reason: `bad message${type}: ${where}${issue.message}` };
}
