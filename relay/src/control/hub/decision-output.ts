/**
 * When a decision's frames leave, against its writes. workerd's output gate holds a frame
 * only for the writes made before it was sent, and commits on the hub's one thread (an fsync
 * on disk) right after the turn that wrote. So: what must be stored before anyone hears of it
 * (`accepted`, `result`, `done`, leases changed) is sent after the decision's writes; a
 * submitter's job offers (W5) are sent before them, and that decision's writes wait for the
 * next decision or `delayMs`, whichever comes first, so the runner starts at once and its
 * result, coming back within that time, is stored in the same commit as the submit.
 */
import { FrameBatcher } from "./frame-batcher.ts";
import type { SubmitterNotices } from "./submitter-notices.ts";

export class DecisionOutput {
  /** What a decision sends to runners, one frame per runner (W4). */
  private readonly runnerFrames = new FrameBatcher();
  /** A submitter's decision's job offers, sent before its writes. */
  private readonly offerFrames = new FrameBatcher();
  private savePending = false;

  constructor(
    private readonly notices: SubmitterNotices,
    /** Writes what changed since the last call. */
    private readonly save: () => void,
    /** After a submitter's decision's save and its frames (the alarm is re-armed). */
    private readonly afterDelayedSave: () => void,
    private readonly delayMs: number,
  ) {}

  toRunner(ws: WebSocket, text: string, offer: boolean): void {
    (offer ? this.offerFrames : this.runnerFrames).send(ws, text);
  }

  /** Offers, then the writes, then everything else: at a decision's end, or before a socket closes. */
  release(): void {
    this.offerFrames.flush();
    this.save();
    this.runnerFrames.flush();
    this.notices.flush();
  }

  /**
   * A submitter's decision's end: its offers now, its writes and notices with the next decision
   * or in `delayMs`. Without offers (its jobs wait for a runner) nothing is gained by waiting.
   */
  releaseOffers(): void {
    if (this.offerFrames.empty && !this.savePending) {
      this.release();
      return this.afterDelayedSave();
    }
    this.offerFrames.flush();
    if (this.savePending) return;
    this.savePending = true;
    setTimeout(() => {
      this.savePending = false;
      this.release();
      this.afterDelayedSave();
    }, this.delayMs);
  }
}
