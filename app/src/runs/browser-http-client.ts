/**
 * The `HttpClient` port over the browser's `fetch`. A browser hides why a request got no
 * response (server down, DNS, or CORS refused it: all are the same `TypeError`), so the
 * error says what the user can check and do, in words, rather than "Failed to fetch".
 */
import type { HttpClient, HttpRequestData } from "@nexus-flow/shared";
import { createFetchHttpClient } from "@nexus-flow/shared/platform";
import { corsAdvice } from "./cors-advice.ts";

/**
 * @example
 * const http = createBrowserHttpClient(fetch, self.location.origin);
 * startRun(request, { clock, services: { sandbox, http } });
 */
export function createBrowserHttpClient(fetchImpl: typeof fetch, pageOrigin: string): HttpClient {
  return createFetchHttpClient({ fetch: fetchImpl, init: { credentials: "omit" }, describeNetworkError: (request) => unreachableMessage(request, pageOrigin) });
}

/** Why no response came, as far as a page can know, and what to do about it. */
export function unreachableMessage(request: Pick<HttpRequestData, "method" | "url" | "headers">, pageOrigin: string): string {
  const target = new URL(request.url);
  const local = /^(localhost|127\.|\[::1\]$)/.test(target.hostname);
  if (pageOrigin.startsWith("https:") && target.protocol === "http:" && !local) {
    return (
      `Could not call ${request.method} ${request.url}: this page is served over https, and browsers block calls from it to plain http:// addresses. ` +
      `Use https:// for the server, or ${elsewhere}`
    );
  }
  return (
    `Could not reach ${request.method} ${request.url}: the server did not answer, or it does not allow requests from this page (CORS). ` +
    `Check that the server is up and the address is right. For this page (${pageOrigin}) to call it, ${corsAdvice(request, pageOrigin)} ` +
    `If you cannot change the server, ${elsewhere}`
  );
}

/** Where CORS does not apply: outside the browser. */
const elsewhere = "run this node on a runner instead (a Node process: CORS is a browser rule), or run the whole flow with the CLI: npx nexus run flow.json.";
