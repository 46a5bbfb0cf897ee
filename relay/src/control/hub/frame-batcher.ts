/**
 * W4 on the hub's side: what one event sends to a runner leaves as one frame (a JSON array
 * of messages) at the end of the event's turn, not one frame each: a result's `done` and the
 * next `job` for that runner travel together. Order per socket is kept; nothing waits for a
 * timer (the flush is a microtask, inside the same event and its output gate).
 */
import { wireLimits } from "@nexus-flow/shared/protocol";

export class FrameBatcher {
  private readonly queued = new Map<WebSocket, string[]>();

  send(ws: WebSocket, text: string): void {
    const frames = this.queued.get(ws);
    if (frames) return void frames.push(text);
    this.queued.set(ws, [text]);
    if (this.queued.size === 1) queueMicrotask(() => this.flush());
  }

  /** Sends what is queued now (before a socket is closed, so nothing sent before the close is lost). */
  flush(): void {
    for (const [ws, frames] of this.queued) for (const group of batches(frames)) sendText(ws, group.length === 1 ? group[0]! : `[${group.join(",")}]`);
    this.queued.clear();
  }
}

/** Groups of at most `maxBatch` messages within one frame's size; a message too big to share goes alone. */
function batches(frames: readonly string[]): string[][] {
  const groups: string[][] = [];
  let size = 0;
  for (const frame of frames) {
    const last = groups.at(-1);
    if (last && last.length < wireLimits.maxBatch && size + frame.length + 1 <= wireLimits.maxFrameBytes - 2) {
      last.push(frame);
      size += frame.length + 1;
    } else {
      groups.push([frame]);
      size = frame.length;
    }
  }
  return groups;
}

function sendText(ws: WebSocket, text: string): void {
  try {
    ws.send(text);
  } catch {
    // closing: the runner reconnects and catches up (L5, C2)
  }
}
