/**
 * A room's document held as encoded Yjs updates, not as a Y.Doc.
 *
 * Why: the relay never reads the flow; it only answers "what am I missing" (sync step 1) and
 * passes updates on. A Y.Doc of a 100-node flow takes about 325 KiB of heap (an object per
 * item, map and id); the same state encoded is 16 KB. Yjs answers both questions on encoded
 * updates (`diffUpdate`, `encodeStateVectorFromUpdate`), the way y-redis's workers do.
 *
 * Updates are appended as they come and merged into the state in one pass once they add up
 * to half the state (or 64 KiB), or when a sync needs the whole: merging costs the size of
 * the state, so it is paid rarely, and what is held stays under twice the state.
 */
import * as Y from "yjs";

/** An update with nothing in it (no structs, empty delete set). */
const emptyUpdate = new Uint8Array([0, 0]);
/** Updates merged at the latest once this many are waiting. */
const maxPending = 512;

export class EncodedDoc {
  private state: Uint8Array;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  /** `stored`: the room's updates as loaded, in any order (Yjs merges commute). */
  constructor(stored: readonly Uint8Array[] = []) {
    this.state = stored.length === 0 ? emptyUpdate : stored.length === 1 ? stored[0]! : Y.mergeUpdates(stored as Uint8Array[]);
  }

  /** Bytes held: the merged state and the updates waiting to be merged into it. */
  get bytes(): number {
    return this.state.byteLength + this.pendingBytes;
  }

  /** Adds an update (kept as given: copy it first if its buffer is reused). */
  add(update: Uint8Array): void {
    this.pending.push(update);
    this.pendingBytes += update.byteLength;
    if (this.pending.length >= maxPending || this.pendingBytes >= 64 * 1024 + this.state.byteLength / 2) this.merge();
  }

  /** The whole document as one update. */
  current(): Uint8Array {
    this.merge();
    return this.state;
  }

  /** What a client with `stateVector` lacks (the payload of sync step 2). */
  missing(stateVector: Uint8Array): Uint8Array {
    return Y.diffUpdate(this.current(), stateVector);
  }

  /** The document's state vector (the payload of sync step 1). */
  stateVector(): Uint8Array {
    return Y.encodeStateVectorFromUpdate(this.current());
  }

  /**
   * The part of `update` this document does not hold yet, or undefined when there is none:
   * a reconnecting client's sync step 2 is mostly what everyone has already. (A delete set
   * is kept whole: telling peers of a deletion twice is harmless, and comparing it with the
   * state's would decode the whole state.)
   */
  news(update: Uint8Array): Uint8Array | undefined {
    const diff = Y.diffUpdate(update, this.stateVector());
    const { structs, ds } = Y.decodeUpdate(diff);
    return structs.length === 0 && ds.clients.size === 0 ? undefined : diff;
  }

  private merge(): void {
    if (this.pending.length === 0) return;
    this.state = Y.mergeUpdates([this.state, ...this.pending]);
    this.pending = [];
    this.pendingBytes = 0;
  }
}
