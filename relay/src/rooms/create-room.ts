/**
 * HTTP on a room URL: `POST /parties/main/<roomId>` with `{ editKey, viewKey }` creates the
 * room (201 `{ roomId }`, 409 when it exists, 400 `{ error }`); OPTIONS answers the CORS
 * preflight (the app is served from another origin); anything else is 405.
 */
import { isRoomId, isRoomKey } from "@nexus-flow/shared/collab";
import { createAccess } from "./access.ts";
import type { AccessStore } from "./access-store.ts";

const maxBodyBytes = 1024;

const corsHeaders = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type",
  "Access-Control-Max-Age": "86400",
};

/**
 * @example
 * onRequest(request) { return handleRoomRequest(request, this.room.id, this.access); }
 */
export async function handleRoomRequest(request: Request, roomId: string, store: AccessStore): Promise<Response> {
  // 1. Read the body whatever the answer: workerd resets a keep-alive connection whose
  //    request body was left unread, and the client's next request on it fails.
  const body = await readBody(request, maxBodyBytes);
  if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: corsHeaders });
  if (request.method !== "POST") return json(405, { error: `${request.method} is not allowed: POST creates a room` }, { Allow: "POST, OPTIONS" });
  // 2. Check the input.
  if (!isRoomId(roomId)) return json(400, { error: "room id must be 16-64 characters of A-Z a-z 0-9 _ -" });
  if (body === undefined) return json(400, { error: `body must be at most ${maxBodyBytes} bytes` });
  const keys = readKeys(body);
  if ("error" in keys) return json(400, keys);
  // 3. Store the hashes, once.
  const created = await store.createOnce(await createAccess(keys.editKey, keys.viewKey, Date.now()));
  if (!created) return json(409, { error: "room already exists" });
  return json(201, { roomId });
}

/**
 * @example
 * readKeys('{"editKey":"…","viewKey":"…"}') // → { editKey, viewKey } or { error }
 */
export function readKeys(body: string): { editKey: string; viewKey: string } | { error: string } {
  if (body.length > maxBodyBytes) return { error: `body must be at most ${maxBodyBytes} bytes` };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { error: "body must be JSON: { editKey, viewKey }" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { error: "body must be a JSON object: { editKey, viewKey }" };
  const { editKey, viewKey } = value as Record<string, unknown>;
  for (const [name, key] of [["editKey", editKey], ["viewKey", viewKey]] as const) {
    if (typeof key !== "string" || !isRoomKey(key)) return { error: `${name} must be a base64url string of 22-128 characters` };
  }
  if (editKey === viewKey) return { error: "editKey and viewKey must differ" };
  return { editKey: editKey as string, viewKey: viewKey as string };
}

/** The body as text, or undefined when it is over `limit` bytes (then not read further). */
async function readBody(request: Request, limit: number): Promise<string | undefined> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...corsHeaders, ...headers } });
}
