/**
 * When a decision's frames leave, against its writes. workerd's output gate holds a frame
 * only for the writes made before it was sent, and commits on the hub's one thread (an fsync
 * on disk) right after the turn that wrote. So every frame (a job offer, `accepted`, `result`,
 * `done`, a lease changed) is sent after the decision's writes: nobody hears of a job, and no
 * runner starts one, before its row is stored (J1: a stored key never runs twice).
 */
import { FrameBatcher } from "./frame-batcher.ts";
import type { SubmitterNotices } from "./submitter-notices.ts";

export class DecisionOutput {
  /** What a decision sends to runners, one frame per runner (W4). */
  private readonly runnerFrames = new FrameBatcher();

  constructor(
    private readonly notices: SubmitterNotices,
    /** Writes what changed since the last call. */
    private readonly save: () => void,
  ) {}

  toRunner(ws: WebSocket, text: string): void {
    this.runnerFrames.send(ws, text);
  }

  /** The writes, then the frames: at a decision's end, or before a socket closes. */
  release(): void {
    this.save();
    this.runnerFrames.flush();
    this.notices.flush();
  }
}
