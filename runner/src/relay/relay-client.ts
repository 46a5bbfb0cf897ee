/**
 * A thin client of the control relay's HTTP routes, used by the CLI and the runner agent.
 * Errors carry the relay's `{ error: { code, message } }` words and the HTTP status.
 */
export class RelayError extends Error {
  override readonly name = "RelayError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RelayClient {
  readonly relayUrl: string;
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** `ws://…` URL of a socket route. */
  socketUrl(path: string): string;
  readonly token: string;
}

export function createRelayClient(relayUrl: string, token: string): RelayClient {
  const base = relayUrl.replace(/\/+$/, "");
  return {
    relayUrl: base,
    token,
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      let response: Response;
      try {
        response = await fetch(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (error) {
        throw new RelayError(0, "UNREACHABLE", `cannot reach the relay at ${base}: ${(error as Error).cause ? String((error as { cause: unknown }).cause) : (error as Error).message}`);
      }
      const text = await response.text();
      const data = text ? (safeJson(text) as { error?: { code?: string; message?: string } }) : {};
      if (!response.ok) throw new RelayError(response.status, data?.error?.code ?? `HTTP_${response.status}`, data?.error?.message ?? `the relay answered ${response.status}`);
      return data as T;
    },
    socketUrl(path: string): string {
      return `${base.replace(/^http/, "ws")}${path}`;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: { message: text.slice(0, 300) } };
  }
}
