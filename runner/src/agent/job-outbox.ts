/**
 * One held job's side of the chunk rules (PROTOCOL.md C1–C3): chunks are numbered from the
 * lease's `nextSeq`, kept until the hub acknowledges them, and resent after a reconnect from
 * the hub's position. The result leaves only once every chunk before it is acknowledged, so
 * the hub never finishes a run whose last events it has not stored.
 */
import type { JobOutcome, RunnerMessage } from "@nexus-flow/shared/protocol";

type Chunk = Extract<RunnerMessage, { type: "chunk" }>;

export class JobOutbox {
  private readonly unacked: Chunk[] = [];
  private nextSeq: number;
  private outcome: JobOutcome | undefined;
  private resultSent = false;

  constructor(
    readonly jobId: string,
    public epoch: number,
    firstSeq: number,
    private readonly send: (message: RunnerMessage) => boolean,
  ) {
    this.nextSeq = firstSeq;
  }

  push(content: { events?: unknown[]; lines?: Chunk["lines"] }): void {
    const chunk = { type: "chunk", jobId: this.jobId, epoch: this.epoch, seq: this.nextSeq++, ...content } as Chunk;
    this.unacked.push(chunk);
    this.send(chunk);
  }

  finish(outcome: JobOutcome): void {
    this.outcome = outcome;
    this.flushResult();
  }

  /** The hub stored every chunk up to `seq`. */
  acked(seq: number): void {
    while (this.unacked.length && this.unacked[0]!.seq <= seq) this.unacked.shift();
    this.flushResult();
  }

  /** After a reconnect: the hub has chunks up to `ackedSeq`; send the rest again, in order. */
  resend(ackedSeq: number): void {
    while (this.unacked.length && this.unacked[0]!.seq <= ackedSeq) this.unacked.shift();
    for (const chunk of this.unacked) this.send(chunk);
    this.resultSent = false;
    this.flushResult();
  }

  get pendingChunks(): number {
    return this.unacked.length;
  }

  private flushResult(): void {
    if (!this.outcome || this.unacked.length || this.resultSent) return;
    this.resultSent = true;
    this.send({ type: "result", jobId: this.jobId, epoch: this.epoch, outcome: this.outcome as never });
  }
}
