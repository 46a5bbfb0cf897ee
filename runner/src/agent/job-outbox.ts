/**
 * One held job's side of the chunk rules (PROTOCOL.md C1–C5): chunks are numbered from the
 * lease's `nextSeq`, kept until the hub acknowledges them, and resent after a reconnect from
 * the hub's position. The result leaves only once every chunk before it is acknowledged, so
 * the hub never finishes a run whose last events it has not stored.
 *
 * Batching (C4): one chunk is in flight at a time; what the job emits meanwhile waits and
 * leaves as the next chunk, in order. An idle job sends at once; a busy one sends fewer,
 * fuller chunks (a 20-node chain took 20 hub commits, now 2 or 3), and no timer adds delay.
 * Content too big for one frame leaves as parts (C5) that the hub joins before storing.
 */
import { wireLimits, type JobOutcome, type RunnerMessage } from "@nexus-flow/shared/protocol";

type Chunk = Extract<RunnerMessage, { type: "chunk" }>;
type Content = { events: unknown[] } | { lines: NonNullable<Chunk["lines"]> };

/** A chunk as sent: its number and its frame (kept to resend it byte for byte). */
interface SentChunk {
  readonly seq: number;
  readonly frame: string;
}

/** Queued content: its kind, its items' JSON text (without brackets), their count and size. */
interface Pending {
  readonly kind: "events" | "lines";
  readonly text: string;
  readonly count: number;
  readonly bytes: number;
}

/** Room for the envelope under the hub's frame limit (measured in UTF-8 bytes here). */
const frameBudget = wireLimits.maxFrameBytes - 10_000;
/** A part carries a slice of JSON text as a string: at most 3 bytes a code unit once encoded. */
export const partChars = Math.floor(frameBudget / 3);

export class JobOutbox {
  private readonly unacked: SentChunk[] = [];
  private readonly pending: Pending[] = [];
  private nextSeq: number;
  private outcome: JobOutcome | undefined;
  private resultSent = false;

  constructor(
    readonly jobId: string,
    public epoch: number,
    firstSeq: number,
    private readonly send: (frame: string) => boolean,
    private readonly maxInFlight = 1,
  ) {
    this.nextSeq = firstSeq;
  }

  push(content: Content): void {
    const kind = "events" in content ? "events" : "lines";
    const items = "events" in content ? content.events : content.lines;
    for (let at = 0; at < items.length; at += wireLimits.maxChunkEntries) {
      const slice = items.slice(at, at + wireLimits.maxChunkEntries);
      const text = JSON.stringify(slice).slice(1, -1);
      this.pending.push({ kind, text, count: slice.length, bytes: Buffer.byteLength(text) });
    }
    this.pump();
  }

  finish(outcome: JobOutcome): void {
    this.outcome = outcome;
    this.flushResult();
  }

  /** The hub stored every chunk up to `seq`. */
  acked(seq: number): void {
    while (this.unacked.length && this.unacked[0]!.seq <= seq) this.unacked.shift();
    this.pump();
    this.flushResult();
  }

  /** After a reconnect: the hub has chunks up to `ackedSeq`; send the rest again, in order. */
  resend(ackedSeq: number): void {
    while (this.unacked.length && this.unacked[0]!.seq <= ackedSeq) this.unacked.shift();
    for (const chunk of this.unacked) this.send(chunk.frame);
    this.resultSent = false;
    this.pump();
    this.flushResult();
  }

  get pendingChunks(): number {
    return this.unacked.length + this.pending.length;
  }

  /** Sends queued content while fewer than `maxInFlight` chunks wait for their ack. */
  private pump(): void {
    while (this.pending.length && this.unacked.length < this.maxInFlight) {
      const first = this.pending[0]!;
      if (first.bytes > frameBudget) {
        this.pending.shift();
        this.sendParts(first);
        continue;
      }
      // The longest run of one kind that fits one frame and the entry limit, in order.
      let take = 1;
      let bytes = first.bytes;
      let count = first.count;
      for (const next of this.pending.slice(1)) {
        if (next.kind !== first.kind || bytes + next.bytes + 1 > frameBudget || count + next.count > wireLimits.maxChunkEntries) break;
        take++;
        bytes += next.bytes + 1;
        count += next.count;
      }
      const batch = this.pending.splice(0, take);
      this.sendChunk(`"${first.kind}":[${batch.map((item) => item.text).join(",")}]`);
    }
  }

  /** C5: content over one frame goes as numbered parts of its JSON text; the last one says so. */
  private sendParts(item: Pending): void {
    const whole = `{"${item.kind}":[${item.text}]}`;
    for (let at = 0; at < whole.length; at += partChars) {
      const last = at + partChars >= whole.length;
      this.sendChunk(`"part":{"text":${JSON.stringify(whole.slice(at, at + partChars))},"last":${last}}`);
    }
  }

  private sendChunk(body: string): void {
    const seq = this.nextSeq++;
    const frame = `{"type":"chunk","jobId":${JSON.stringify(this.jobId)},"epoch":${this.epoch},"seq":${seq},${body}}`;
    this.unacked.push({ seq, frame });
    this.send(frame);
  }

  private flushResult(): void {
    if (!this.outcome || this.unacked.length || this.pending.length || this.resultSent) return;
    this.resultSent = true;
    this.send(JSON.stringify({ type: "result", jobId: this.jobId, epoch: this.epoch, outcome: this.outcome }));
  }
}
