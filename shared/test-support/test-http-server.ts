import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface ScriptedResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Wait this long (real time) before answering. */
  readonly delayMs?: number;
}

/**
 * A real HTTP server on 127.0.0.1 and a free port. Each path answers from its own script in
 * order (the last answer repeats); unknown paths get 404. Every request is recorded.
 * @example const server = await startTestServer({ "/a": [{ status: 503 }, { status: 200, body: "ok" }] });
 */
export async function startTestServer(scripts: Record<string, ScriptedResponse[]> = {}) {
  const requests: RecordedRequest[] = [];
  const served = new Map<string, number>();
  let closedEarly = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      requests.push({ method: req.method ?? "", path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const script = scripts[path.split("?")[0]!] ?? [{ status: 404, body: "not found" }];
      const index = served.get(path) ?? 0;
      served.set(path, index + 1);
      const answer = script[Math.min(index, script.length - 1)]!;
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, answer.headers ?? {});
        res.end(answer.body ?? "");
      };
      res.on("close", () => void (res.writableFinished || closedEarly++));
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Responses the client hung up on before they were sent. */
    closedEarly: () => closedEarly,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
