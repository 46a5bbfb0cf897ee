/**
 * Gathers a job's output lines into chunks: at most one chunk per `intervalMs` (or per
 * `maxLines` lines), so a chatty process stays far under the hub's frame rate (PROTOCOL.md
 * W1) while the run log still shows lines within a fraction of a second.
 */
import type { NodeLogLine } from "@nexus-flow/shared";

export interface WireLine {
  at: number;
  stream: NodeLogLine["stream"];
  text: string;
  nodeId: string;
}

export class LineBatcher {
  private pending: WireLine[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (lines: WireLine[]) => void,
    private readonly intervalMs = 100,
    private readonly maxLines = 500,
  ) {}

  add(line: NodeLogLine): void {
    this.pending.push({ at: Date.now(), stream: line.stream, text: line.text.slice(0, 16_000), nodeId: line.nodeId });
    if (this.pending.length >= this.maxLines) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    this.send(batch);
  }
}
