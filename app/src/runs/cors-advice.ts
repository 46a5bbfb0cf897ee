/**
 * What a server must allow for a page to call it (the CORS rules of the Fetch standard), so
 * that a refused request can say exactly which response headers are missing instead of
 * "Failed to fetch". A browser does not tell a page why a request failed, so the advice
 * covers both a server that answered without them and a preflight nobody answered.
 */
import type { HttpRequestData } from "@nexus-flow/shared";

export interface CorsNeeds {
  /** The method must be listed in `Access-Control-Allow-Methods` (not GET, HEAD or POST). */
  readonly method?: string;
  /** Request headers that must be listed in `Access-Control-Allow-Headers`, lower-case. */
  readonly headers: readonly string[];
  /** Whether the browser sends an OPTIONS preflight before the request. */
  readonly preflight: boolean;
}

const simpleMethods = new Set(["GET", "HEAD", "POST"]);
const simpleContentTypes = new Set(["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]);

/**
 * @example corsNeeds({ method: "PUT", url, headers: { "content-type": "application/json" } })
 * // { method: "PUT", headers: ["content-type"], preflight: true }
 */
export function corsNeeds(request: Pick<HttpRequestData, "method" | "headers">): CorsNeeds {
  const method = request.method.toUpperCase();
  const headers = Object.entries(request.headers)
    .filter(([name, value]) => !isSafelistedHeader(name.toLowerCase(), value))
    .map(([name]) => name.toLowerCase())
    .sort();
  const needsMethod = !simpleMethods.has(method);
  return { ...(needsMethod ? { method } : {}), headers, preflight: needsMethod || headers.length > 0 };
}

/** CORS-safelisted request headers (Fetch standard), within their value limits. */
function isSafelistedHeader(name: string, value: string): boolean {
  if (value.length > 128) return false;
  if (name === "accept" || name === "accept-language" || name === "content-language") return true;
  if (name === "content-type") return simpleContentTypes.has(value.split(";")[0]!.trim().toLowerCase());
  return false;
}

/**
 * What the server must send, in words.
 * @example corsAdvice({ method: "GET", url: "https://api.test/x", headers: {} }, "http://127.0.0.1:5173")
 * // 'its responses must carry "Access-Control-Allow-Origin: http://127.0.0.1:5173" (or "*").'
 */
export function corsAdvice(request: Pick<HttpRequestData, "method" | "url" | "headers">, pageOrigin: string): string {
  const needs = corsNeeds(request);
  const origin = `"Access-Control-Allow-Origin: ${pageOrigin}" (or "*")`;
  if (!needs.preflight) return `its responses must carry ${origin}.`;
  const allowed = [`"Access-Control-Allow-Origin: ${pageOrigin}"`];
  if (needs.method) allowed.push(`"Access-Control-Allow-Methods: ${needs.method}"`);
  if (needs.headers.length > 0) allowed.push(`"Access-Control-Allow-Headers: ${needs.headers.join(", ")}"`);
  const why = [needs.method && `the ${needs.method} method`, needs.headers.length > 0 && `the header${needs.headers.length > 1 ? "s" : ""} ${needs.headers.join(", ")}`].filter(Boolean).join(" and ");
  return (
    `because of ${why}, the browser first asks with an OPTIONS request (a preflight) to ${new URL(request.url).pathname}: ` +
    `the server must answer it with a 2xx status and ${allowed.join(", ")}, and send ${origin} on the response itself.`
  );
}
