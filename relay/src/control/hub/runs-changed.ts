/**
 * "Runs changed", for live views (the Dashboard): each watcher holds a socket (tag
 * `runs-changed`) that gets `{"type":"runs.changed"}` when a run starts or ends, coalesced to at
 * most one frame per `minGapMs`, so a burst of a thousand runs costs each watcher a few small
 * frames, not one per run. The frame carries nothing: watchers refetch what they show.
 */
import { sendJson } from "./sockets.ts";

export const runsChangedTag = "runs-changed";
/** The shortest gap between two frames to one watcher. */
export const minGapMs = 250;

export class RunsChanged {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSentAt = 0;

  constructor(private readonly state: DurableObjectState) {}

  /** A new watcher (hibernatable: it costs nothing while no run changes). */
  accept(server: WebSocket): void {
    this.state.acceptWebSocket(server, [runsChangedTag]);
    // An "events" socket to the message handler: it only sends and takes no messages.
    server.serializeAttachment({ kind: "events", runId: "*" });
  }

  /** Something about the runs changed: tell the watchers now, or once the gap since the last frame has passed. */
  changed(now: number): void {
    if (this.timer !== undefined) return; // a frame is already due
    if (this.state.getWebSockets(runsChangedTag).length === 0) return;
    const wait = this.lastSentAt + minGapMs - now;
    if (wait <= 0) return this.send(now);
    this.timer = setTimeout(() => ((this.timer = undefined), this.send(Date.now())), wait);
  }

  private send(now: number): void {
    this.lastSentAt = now;
    for (const ws of this.state.getWebSockets(runsChangedTag)) sendJson(ws, { type: "runs.changed", at: now });
  }
}
