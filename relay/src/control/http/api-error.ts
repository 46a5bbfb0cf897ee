import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * The relay's one error shape, `{ error: { code, message } }`, and the only place HTTP
 * statuses are chosen. Anything unexpected becomes a 500 with no stack trace in the body.
 */
export class ApiError extends HTTPException {
  readonly code: string;
  constructor(status: ContentfulStatusCode, code: string, message: string) {
    super(status, { message });
    this.code = code;
  }
}

export const badRequest = (message: string) => new ApiError(400, "BAD_REQUEST", message);
export const unauthorized = (message: string) => new ApiError(401, "UNAUTHORIZED", message);
export const forbidden = (message: string) => new ApiError(403, "FORBIDDEN", message);
export const notFound = (message: string) => new ApiError(404, "NOT_FOUND", message);
export const conflict = (message: string) => new ApiError(409, "CONFLICT", message);

export function errorResponse(error: unknown, c: Context): Response {
  if (error instanceof ApiError) return c.json({ error: { code: error.code, message: error.message } }, error.status);
  if (error instanceof HTTPException) return c.json({ error: { code: `HTTP_${error.status}`, message: error.message || "request refused" } }, error.status);
  console.error("control relay: unexpected error", error);
  return c.json({ error: { code: "INTERNAL", message: "the relay failed to handle this request; it has been logged" } }, 500);
}

/** Reads a JSON body or answers 400 saying why. */
export async function readJsonBody(request: Request, maxBytes = 1_000_000): Promise<unknown> {
  const text = await request.text();
  if (text.length > maxBytes) throw new ApiError(413, "TOO_LARGE", `the body has ${text.length} bytes; the limit is ${maxBytes}`);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("the body is not valid JSON");
  }
}
