/**
 * A hostile client for the fuzz suite: sends frames on one of the hub's sockets and keeps
 * track of every close, blaming it on the frame that caused it. A frame that must close
 * the connection is sent alone and its close awaited; any close that follows only frames
 * the hub must accept is recorded as a violation.
 */
import WebSocket from "ws";
import type { FuzzFrame } from "./fuzz-frames.ts";

export interface CloseRecord {
  readonly code: number;
  readonly reason: string;
  readonly after: string;
}

/** Codes a refused frame may close with: the hub's own (with a reason), or workerd's for frames over its 1 MiB limit. */
export const hubCloseCodes = new Set([4400, 4413, 4429]);
export const platformTooBigCodes = new Set([1009, 1006]);

export class FuzzSocket {
  private socket: WebSocket | undefined;
  private outstanding: { frame: FuzzFrame; resolve: (close: CloseRecord) => void } | undefined;
  readonly closes: CloseRecord[] = [];
  readonly violations: string[] = [];
  readonly replies: string[] = [];
  connections = 0;

  constructor(
    private readonly url: string,
    private readonly token: string,
    /** Sent first on every connection (a runner's hello). */
    private readonly greeting?: string,
  ) {}

  private async connect(attempt = 0): Promise<WebSocket> {
    const socket = new WebSocket(this.url, { headers: { authorization: `Bearer ${this.token}` } });
    this.connections++;
    const opened = await new Promise<true | Error>((resolve) => {
      socket.once("open", () => resolve(true));
      socket.once("error", (error) => resolve(error));
    });
    // Reconnecting after every refused frame can meet the per-token request limit (429): wait, as a client should.
    if (opened !== true) {
      if (!/429/.test(opened.message) || attempt >= 50) throw opened;
      await new Promise((resolve) => setTimeout(resolve, 200));
      return this.connect(attempt + 1);
    }
    socket.on("error", () => {});
    socket.on("message", (data) => {
      if (this.replies.length < 200) this.replies.push(String(data).slice(0, 200));
    });
    socket.on("close", (code, reason) => {
      if (this.socket === socket) this.socket = undefined;
      const outstanding = this.outstanding;
      this.outstanding = undefined;
      const record = { code, reason: String(reason), after: outstanding?.frame.kind ?? "frames the hub must accept" };
      this.closes.push(record);
      if (outstanding) outstanding.resolve(record);
      else if (code !== 1000) this.violations.push(`connection ${this.connections} closed (${code} ${String(reason)}) after frames the hub must accept`);
    });
    if (this.greeting) socket.send(this.greeting);
    this.socket = socket;
    return socket;
  }

  /** Sends one frame; for a frame that must close the connection, waits for that close and checks it. */
  async send(frame: FuzzFrame): Promise<void> {
    const socket = this.socket?.readyState === WebSocket.OPEN ? this.socket : await this.connect();
    if (!frame.mustClose) {
      socket.send(frame.data);
      return;
    }
    const closed = new Promise<CloseRecord>((resolve) => (this.outstanding = { frame, resolve }));
    socket.send(frame.data);
    let cancel = () => {};
    const timeout = new Promise<undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 20_000);
      cancel = () => clearTimeout(timer);
    });
    const close = await Promise.race([closed, timeout]);
    cancel();
    if (!close) {
      this.violations.push(`a ${frame.kind} frame was not refused within 20 s on ${this.url}: ${describe(frame)}`);
      this.outstanding = undefined;
      socket.removeAllListeners("close");
      socket.terminate();
      this.socket = undefined;
      return;
    }
    const tooBigForPlatform = typeof frame.data === "string" && frame.data.length > 1024 * 1024;
    if (tooBigForPlatform ? !platformTooBigCodes.has(close.code) && !hubCloseCodes.has(close.code) : !hubCloseCodes.has(close.code) || !close.reason) {
      this.violations.push(`a ${frame.kind} frame closed with ${close.code} "${close.reason}" (expected a hub close code with a reason): ${describe(frame)}`);
    }
  }

  close(): void {
    this.outstanding = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000);
  }
}

function describe(frame: FuzzFrame): string {
  return typeof frame.data === "string" ? `${frame.data.length} chars ${JSON.stringify(frame.data.slice(0, 300))}` : `${frame.data.length} binary bytes`;
}
