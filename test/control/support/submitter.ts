/** A submitter on `/api/jobs/connect`: sends jobs, collects what the hub says about them. */
import WebSocket from "ws";

export interface Submitter {
  send(message: object): void;
  /** Resolves with the next notice for `key` of `type`. */
  next(key: string, type: string, timeoutMs?: number): Promise<any>;
  /** Sends a frame as is (a batch: W5). */
  sendRaw(frame: string): void;
  readonly notices: any[];
  /** Every frame as it came: a notice, or an array of them (W5). */
  readonly frames: any[];
  /** Resolves with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** `batch`: connect with `?batch=1`, asking for each event's notices in one frame (W5). */
export function connectSubmitter(relayUrl: string, token: string, options: { batch?: boolean } = {}): Promise<Submitter> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${relayUrl.replace(/^http/, "ws")}/api/jobs/connect?token=${token}${options.batch ? "&batch=1" : ""}`);
    const notices: any[] = [];
    const frames: any[] = [];
    const waiters = new Set<() => void>();
    const closed = new Promise<{ code: number; reason: string }>((done) => socket.on("close", (code, reason) => done({ code, reason: String(reason) })));
    socket.on("message", (data) => {
      const frame = JSON.parse(String(data));
      frames.push(frame);
      notices.push(...(Array.isArray(frame) ? frame : [frame]));
      for (const waiter of waiters) waiter();
    });
    socket.on("unexpected-response", (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    socket.on("error", reject);
    socket.on("open", () =>
      resolve({
        notices,
        frames,
        closed,
        send: (message) => socket.send(JSON.stringify(message)),
        sendRaw: (frame) => socket.send(frame),
        close: () => socket.terminate(),
        next(key, type, timeoutMs = 20_000) {
          let seen = 0;
          return new Promise((done, fail) => {
            const check = () => {
              for (; seen < notices.length; seen++) {
                const notice = notices[seen];
                if (notice.key === key && notice.type === type) {
                  waiters.delete(check);
                  clearTimeout(timer);
                  return done(notice);
                }
              }
            };
            const timer = setTimeout(() => (waiters.delete(check), fail(new Error(`no ${type} for ${key} within ${timeoutMs} ms: ${JSON.stringify(notices)}`))), timeoutMs);
            waiters.add(check);
            check();
          });
        },
      }),
    );
  });
}

export const nodeJob = (key: string, type: string, config: object = {}, labels: string[] = []) => ({
  type: "submit",
  key,
  labels,
  payload: { runId: key.split(":")[0], nodeId: key.split(":")[1] ?? "n", type, config, input: { hello: "world" }, runInput: null, attempt: 1 },
});
