/**
 * A room's document held as encoded Yjs updates, not as a Y.Doc.
 *
 * Why: the relay never reads the flow; it only answers "what am I missing" (sync step 1) and
 * passes updates on. A Y.Doc of a 100-node flow takes about 325 KiB of heap (an object per
 * item, map and id); the same state encoded is 16 KB. Yjs answers both questions on encoded
 * updates (`diffUpdate`, `encodeStateVectorFromUpdate`), the way y-redis's workers do.
 *
 * Merging is what costs, and it must stay off the path of an edit: `Y.mergeUpdates` of many
 * updates at once is quadratic in their number (11,744 small updates from 20 clients: 14.7 s),
 * and anything that decodes the whole state costs its size (a 1.4 MB state: 100–350 ms on a
 * loaded machine; merging 512 updates into it at every 512th edit was the 20-editor p99).
 * So updates are merged in levels, as a log-structured merge: every `fanIn` updates as they
 * came become one run, every `fanIn` runs one larger run, and so on; an edit pays for a merge
 * of `fanIn` small updates at most every `fanIn` edits. The whole is merged only when a sync
 * needs it (a client joins), once, and kept merged.
 */
import * as Y from "yjs";

/** An update with nothing in it (no structs, empty delete set). */
const emptyUpdate = new Uint8Array([0, 0]);
/** Updates (or runs) merged into one at each level. */
const fanIn = 64;

export class EncodedDoc {
  /** The merged state as of the last sync that needed it. */
  private state: Uint8Array;
  /** `levels[0]`: updates as they came; `levels[i]`: runs of `fanIn ** i` of them, merged. */
  private levels: Uint8Array[][] = [[]];
  private heldBytes: number;

  /** `stored`: the room's updates as loaded, in any order (Yjs merges commute). */
  constructor(stored: readonly Uint8Array[] = []) {
    this.state = stored.length === 0 ? emptyUpdate : mergeMany(stored);
    this.heldBytes = this.state.byteLength;
  }

  /** Bytes held: the merged state and the updates waiting to be merged into it. */
  get bytes(): number {
    return this.heldBytes;
  }

  /** Adds an update (kept as given: copy it first if its buffer is reused). */
  add(update: Uint8Array): void {
    this.heldBytes += update.byteLength;
    for (let level = 0, incoming = update; ; level++) {
      const runs = (this.levels[level] ??= []);
      runs.push(incoming);
      if (runs.length < fanIn) return;
      incoming = this.collapse(runs);
      this.levels[level] = [];
    }
  }

  /** The whole document as one update. */
  current(): Uint8Array {
    const waiting = this.levels.flat();
    if (waiting.length > 0) {
      this.levels = [[]];
      this.state = this.collapse([this.state, ...waiting]);
    }
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

  /** Merges `updates` into one, keeping the byte count in step. */
  private collapse(updates: Uint8Array[]): Uint8Array {
    const merged = mergeMany(updates);
    for (const update of updates) this.heldBytes -= update.byteLength;
    this.heldBytes += merged.byteLength;
    return merged;
  }
}

/**
 * `Y.mergeUpdates` in rounds of at most `fanIn`: the same result, in time about linear in the
 * bytes rather than quadratic in the number of updates (a room loading thousands of rows).
 */
export function mergeMany(updates: readonly Uint8Array[]): Uint8Array {
  let round = updates;
  while (round.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < round.length; i += fanIn) {
      const group = round.slice(i, i + fanIn);
      next.push(group.length === 1 ? group[0]! : Y.mergeUpdates(group));
    }
    round = next;
  }
  return round[0] ?? emptyUpdate;
}
