import { unauthorized } from "../http/api-error.ts";

/**
 * The caller's token: `Authorization: Bearer <token>`, or `?token=` on WebSocket upgrades
 * (browsers cannot set headers on a WebSocket).
 */
export function bearerToken(request: Request): string {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized("the Authorization header must be `Bearer <token>`");
    return match[1]!;
  }
  const url = new URL(request.url);
  const fromQuery = url.searchParams.get("token");
  if (fromQuery && request.headers.get("upgrade")?.toLowerCase() === "websocket") return fromQuery;
  throw unauthorized("no token: send `Authorization: Bearer <token>` (or `?token=` on a WebSocket)");
}
