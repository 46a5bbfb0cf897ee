/**
 * What the hub tells submitters about their jobs (W5): a submitter that connected with
 * `?batch=1` hears one decision's notices as one frame, any other one notice per frame; both
 * are sent when the decision ends, after its writes, so workerd's output gate holds them until
 * those writes are on disk (a frame sent before a turn's first write does not wait for it).
 */
import { FrameBatcher } from "./frame-batcher.ts";
import { sendJson, type SocketAttachment } from "./sockets.ts";

export class SubmitterNotices {
  private readonly frames = new FrameBatcher();
  /** Notices to submitters that did not ask for batches, one frame each, in order. */
  private readonly singles: [WebSocket, object][] = [];
  /**
   * Whether a session asked for batches, read once per session per wake: the sockets
   * `getWebSockets` hands back are new objects each time, so a per-socket cache misses, and
   * deserializing the attachment for every notice cost ~6 % of the hub's time.
   */
  private readonly batchSessions = new Map<string, boolean>();

  /** A session's socket, looked up once per session per wake (a lookup per notice was ~2 % of the hub's time). */
  private readonly sessionSockets = new Map<string, WebSocket[]>();

  constructor(
    private readonly attachmentOf: (ws: WebSocket) => SocketAttachment | null,
    private readonly lookUpSockets: (session: string) => WebSocket[],
  ) {}

  socketsOf(session: string): WebSocket[] {
    const known = this.sessionSockets.get(session);
    if (known) return known;
    const sockets = this.lookUpSockets(session);
    if (sockets.length) this.sessionSockets.set(session, sockets);
    return sockets;
  }

  /** Callers are inside the hub's `apply` or `decide`, whose end calls `flush` (after the decision's writes). */
  notify(ws: WebSocket, notice: object, session?: string): void {
    let batch = session === undefined ? undefined : this.batchSessions.get(session);
    if (batch === undefined) {
      const attachment = this.attachmentOf(ws);
      batch = attachment?.kind === "client" && attachment.batch === true;
      if (attachment?.kind === "client") this.batchSessions.set(attachment.session, batch);
    }
    if (batch) this.frames.send(ws, JSON.stringify(notice));
    else this.singles.push([ws, notice]);
  }

  flush(): void {
    this.frames.flush();
    for (const [ws, notice] of this.singles.splice(0)) sendJson(ws, notice);
  }

  /** A submitter socket closed: its session's flag and socket go (a session id is never reused). */
  forget(session: string): void {
    this.batchSessions.delete(session);
    this.sessionSockets.delete(session);
  }
}
