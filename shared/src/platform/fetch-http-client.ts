import { ErrorCode, NexusError } from "../errors/index.ts";
import type { HttpClient, HttpRequestData } from "../nodes/http-client.ts";
import { formatBytes } from "../json-limits.ts";

export interface FetchHttpClientOptions {
  /** `fetch` to use; the global one by default. */
  readonly fetch?: typeof fetch;
  /**
   * Words for a request that got no response. The browser host explains CORS here; the
   * default names the low-level cause (`ECONNREFUSED`, …).
   */
  readonly describeNetworkError?: (request: HttpRequestData, cause: string) => string;
  /** Extra `fetch` options (the browser sends no cookies: `credentials: "omit"`). */
  readonly init?: RequestInit;
}

/**
 * The HTTP port over `fetch`, for every host that has it (browsers, workers, Node, workerd).
 * A request that gets no response fails with a retryable `NETWORK` error; `timeoutMs`
 * fails it with a retryable `TIMEOUT`; an abort passes the run's reason through.
 * @example startRun(request, { clock: systemClock, services: { sandbox, http: createFetchHttpClient() } })
 */
export function createFetchHttpClient(options: FetchHttpClientOptions = {}): HttpClient {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const describe = options.describeNetworkError ?? ((request, cause) => `${request.method} ${request.url} failed: ${cause}`);
  return async (request, signal) => {
    const timeout = request.timeoutMs === undefined ? undefined : AbortSignal.timeout(request.timeoutMs);
    // Redirects are followed, as users of other tools expect (and `manual` gives a page an opaque status 0).
    const init: RequestInit = { ...options.init, method: request.method, headers: request.headers, signal: timeout ? AbortSignal.any([signal, timeout]) : signal };
    if (request.body !== undefined) init.body = request.body;
    let response: Response;
    try {
      response = await fetchImpl(request.url, init);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (timeout?.aborted) throw new NexusError({ code: ErrorCode.Timeout, message: `${request.method} ${request.url} got no response within ${request.timeoutMs} ms`, retryable: true });
      if (!isHttpUrl(request.url)) throw new NexusError({ code: "INVALID_URL", message: `${request.method} ${request.url}: this is not an http:// or https:// address.`, retryable: false });
      throw new NexusError({ code: ErrorCode.Network, message: describe(request, causeOf(error)), retryable: true });
    }
    const headers: Record<string, string> = Object.create(null); // server-chosen names: no prototype
    response.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
    const bodyText = request.maxResponseBytes === undefined ? await response.text() : await readCapped(response, request, request.maxResponseBytes);
    return { status: response.status, statusText: response.statusText, headers, bodyText };
  };
}

/**
 * The body as text, refused as soon as it is longer than `max` bytes (SPEC rule B1): a
 * declared `Content-Length` over it is refused before reading, an undeclared one once the
 * bytes read pass it, so a 1 GB response never sits in memory whole.
 */
async function readCapped(response: Response, request: { method: string; url: string }, max: number): Promise<string> {
  const tooLarge = (size: string) => {
    void response.body?.cancel().catch(() => undefined);
    const where = `${request.method} ${request.url}`.slice(0, 300);
    return new NexusError({ code: "PAYLOAD_TOO_LARGE", message: `${where}: the response is ${size}, over the payload limit of ${formatBytes(max)} (settings.maxPayloadBytes)`, retryable: false });
  };
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared > max) throw tooLarge(formatBytes(declared, max));
  if (!response.body) return response.text();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) throw tooLarge(`more than ${formatBytes(max)}`);
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) bytes.set(chunk, (at += chunk.byteLength) - chunk.byteLength);
  return new TextDecoder().decode(bytes);
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

function isHttpUrl(url: string): boolean {
  try {
    return /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}
