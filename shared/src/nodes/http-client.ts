/**
 * The HTTP port. Hosts implement it with their `fetch`; the engine never touches the
 * network itself. Bodies are text both ways so the port stays plain data.
 */
export interface HttpRequestData {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Give up when no response arrives within this time (`TIMEOUT`, retryable). */
  readonly timeoutMs?: number;
  /** Refuse a response body longer than this many bytes (`PAYLOAD_TOO_LARGE`), without reading all of it. */
  readonly maxResponseBytes?: number;
}

export interface HttpResponseData {
  readonly status: number;
  readonly statusText: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyText: string;
}

/** Rejects with `ErrorData`-carrying `NexusError` (`NETWORK`, `TIMEOUT`) when no response arrives. */
export type HttpClient = (request: HttpRequestData, signal: AbortSignal) => Promise<HttpResponseData>;
