/**
 * W4 on the hub's side: what one decision sends to a runner leaves as one frame (a JSON array
 * of messages), not one frame each: a result's `done` and the next `job` for that runner
 * travel together. W5: the same for a submitter that connected with `?batch=1`. Order per socket is kept; the owner flushes synchronously at the end of
 * the decision, no microtask and no timer (frames leave in the same turn as before W4).
 */
import { wireLimits } from "@nexus-flow/shared/protocol";

export class FrameBatcher {
  private readonly queued = new Map<WebSocket, string[]>();

  send(ws: WebSocket, text: string): void {
    const frames = this.queued.get(ws);
    if (frames) frames.push(text);
    else this.queued.set(ws, [text]);
  }

  /** Sends what is queued: at the end of each decision, and before a socket is closed. */
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
