import { ErrorCode, NexusError, type HttpClient } from "@nexus-flow/shared";

/**
 * The HTTP port on top of `fetch`. Failures without a response become `NETWORK` errors
 * (retryable); an abort passes the run's reason through.
 */
export const fetchHttpClient: HttpClient = async (request, signal) => {
  let response: Response;
  try {
    response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body ?? null, signal });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new NexusError({ code: ErrorCode.Network, message: `${request.method} ${request.url} failed: ${detail}`, retryable: true });
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  return { status: response.status, statusText: response.statusText, headers, bodyText: await response.text() };
};
