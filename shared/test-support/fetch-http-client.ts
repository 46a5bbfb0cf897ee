import { ErrorCode, NexusError, type HttpClient } from "../src/index.ts";

/**
 * The `HttpClient` port over the global `fetch`, as a host would write it: abort follows the
 * attempt's signal, a request that gets no response fails with a retryable `NETWORK` error.
 * @example startRun(request, { clock, services: { sandbox, http: createFetchHttpClient() } })
 */
export function createFetchHttpClient(fetchImpl: typeof fetch = fetch): HttpClient {
  return async (request, signal) => {
    let response: Response;
    try {
      const init: RequestInit = { method: request.method, headers: request.headers, signal, redirect: "manual" };
      if (request.body !== undefined) init.body = request.body;
      response = await fetchImpl(request.url, init);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new NexusError({ code: ErrorCode.Network, message: `${request.method} ${request.url}: ${reason}`, retryable: true });
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
    return { status: response.status, statusText: response.statusText, headers, bodyText: await response.text() };
  };
}
