/**
 * The room's document on disk, written by the relay, not by y-partykit.
 *
 * Why: workerd's output gate holds every message a Durable Object sends while a storage write
 * started before it is still in flight, so a peer never hears of a change a crash can undo.
 * y-partykit's server broadcasts an update first and starts storing it afterwards (its write waits on
 * a read), which leaves a peer holding edits a crash then loses. The relay therefore starts
 * the write of each update in its message gate, before the room passes it on (`room-sync.ts`).
 *
 * The log keeps y-partykit's key format (`"v1"#"<room>"#"update"#<clock>#<chunk>`, values
 * of at most 128 KiB), so rooms stored by earlier versions, which y-partykit's server wrote,
 * load unchanged.
 */
import type * as Party from "partykit/server";
import * as Y from "yjs";
import { mergeMany } from "./encoded-doc.ts";

/** Durable Objects' largest value (key-value storage); y-partykit chunks the same way. */
const chunkBytes = 128 * 1024;
/** Durable Objects' most keys in one `put` or `delete`; one call is one atomic write. */
const maxKeysPerCall = 128;
/**
 * The room holds its document itself (`encoded-doc.ts`): workerd's storage cache keeping a
 * second copy of every update written or read would only double it. `noCache` drops a value
 * from that cache once it is on disk.
 */
const uncached = { noCache: true } as const;
/**
 * Rows merged into one as the room is used: every `runRows` updates (or `runBytes`, sooner),
 * the rows just written become one, in the same atomic write as the last of them. The merge
 * costs those few rows only, never the whole document: a room in use keeps one row per run,
 * and the whole is compacted when the room empties (`compact`). A large update (a paste)
 * stays a row of its own: merging it gains nothing, and holding it for the run would cost.
 */
export const runRows = 64;
const runBytes = 64 * 1024;
const largeUpdateBytes = 16 * 1024;

export class UpdateLog {
  private clock = -1;
  /** The rows written since the last run was merged: their keys and updates. */
  private recent: Array<{ readonly keys: string[]; readonly update: Uint8Array }> = [];
  private recentBytes = 0;
  private compacting: Promise<void> | undefined;

  /** `onWriteFailed`: an update could not be stored (the room must not carry on as if it were). */
  constructor(
    private readonly storage: Party.Storage,
    private readonly roomId: string,
    private readonly onWriteFailed: (error: unknown) => void,
  ) {}

  /** Reads the last clock written; call once before the first `append` (in `onStart`). */
  async open(): Promise<void> {
    const last = await this.storage.list<Uint8Array>({ start: this.key(0), end: this.key(maxClock), reverse: true, limit: 1 });
    for (const key of last.keys()) this.clock = clockOf(key);
  }

  /** Every update stored so far, in clock order (what the room loads when it opens). */
  async load(): Promise<Uint8Array[]> {
    return joinChunks(await this.storage.list<Uint8Array>({ start: this.key(0), end: this.key(maxClock), ...uncached }));
  }

  /**
   * Starts storing `updates` now, each as a row of its own, all in one commit (the calls are
   * made in one turn, which workerd commits as one write): messages the room sends from here
   * on wait until the write is durable (workerd's output gate). Resolves when the write is
   * done; a failed write is reported to `onWriteFailed` and resolves too.
   */
  append(...updates: Uint8Array[]): Promise<void> {
    const writes: Array<Promise<unknown>> = [];
    for (const update of updates) {
      const entries = this.entries(++this.clock, update);
      const keys = Object.keys(entries);
      if (keys.length > maxKeysPerCall) {
        // Over 16 MiB: larger than any message the gate lets through (10 MB batches).
        this.onWriteFailed(new Error(`an update of ${update.byteLength} bytes is too large to store in one write`));
        continue;
      }
      writes.push(this.storage.put(entries, uncached));
      if (update.byteLength > largeUpdateBytes) continue;
      this.recent.push({ keys, update });
      this.recentBytes += update.byteLength;
    }
    if (this.recent.length >= runRows || this.recentBytes >= runBytes) writes.push(...this.mergeRecent());
    // `put` resolves once the cache has the value; `sync` once it is on disk. `sync` is asked
    // for after this turn's listeners have run (a microtask), once the room has passed the
    // update on: asked for before, it made every edit 0.15–0.2 ms slower to reach a peer
    // (p50 0.95 → 0.78 ms, the storing floor room 0.70 ms). It waits for the same writes.
    writes.push(new Promise<void>((resolve, reject) => queueMicrotask(() => void this.storage.sync().then(resolve, reject))));
    return Promise.all(writes).then(() => undefined, this.onWriteFailed);
  }

  /** The recent rows replaced by one, in this turn's commit (so a crash keeps one or the other). */
  private mergeRecent(): Array<Promise<unknown>> {
    const recent = this.recent;
    this.recent = [];
    this.recentBytes = 0;
    if (recent.length < 2) return [];
    const entries = this.entries(this.clock + 1, mergeMany(recent.map(({ update }) => update)));
    if (Object.keys(entries).length > maxKeysPerCall) return [];
    this.clock++;
    const writes: Array<Promise<unknown>> = [this.storage.put(entries, uncached)];
    const keys = recent.flatMap((row) => row.keys);
    for (let i = 0; i < keys.length; i += maxKeysPerCall) writes.push(this.storage.delete(keys.slice(i, i + maxKeysPerCall)));
    return writes;
  }

  /** Replaces the updates stored so far with one (crash-safe: one atomic write). */
  compact(): Promise<void> {
    this.compacting ??= this.compactNow().finally(() => (this.compacting = undefined));
    return this.compacting;
  }

  private async compactNow(): Promise<void> {
    const upTo = this.clock;
    const stored = await this.storage.list<Uint8Array>({ start: this.key(0), end: this.key(upTo + 1), ...uncached });
    const updates = joinChunks(stored);
    if (updates.length < 2) return;
    // A Y.Doc, not `mergeUpdates`: it drops deleted content (garbage collection), so a flow
    // whose nodes were moved a thousand times is stored as its state, not its history.
    const doc = new Y.Doc();
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    const merged = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    const keys = [...stored.keys()];
    const entries = this.entries(this.clock + 1, merged);
    if (Object.keys(entries).length > maxKeysPerCall) return; // over 16 MiB: too big for one write, keep the log as it is
    this.clock++;
    // Rows appended while the log was read stay recent; the rest are in the compacted row.
    this.recent = this.recent.filter((row) => !stored.has(row.keys[0]!));
    this.recentBytes = this.recent.reduce((sum, row) => sum + row.update.byteLength, 0);
    // Issued together with no await between them: workerd commits them as one write.
    const writes = [this.storage.put(entries, uncached)];
    for (let i = 0; i < keys.length; i += maxKeysPerCall) writes.push(this.storage.delete(keys.slice(i, i + maxKeysPerCall)).then(() => undefined));
    await Promise.all(writes);
  }

  private entries(clock: number, update: Uint8Array): Record<string, Uint8Array> {
    const entries: Record<string, Uint8Array> = {};
    for (let i = 0, chunk = 0; i < Math.max(update.byteLength, 1); i += chunkBytes, chunk++) {
      entries[`${this.key(clock)}#${String(chunk).padStart(3, "0")}`] = update.slice(i, i + chunkBytes);
    }
    return entries;
  }

  /** y-partykit's `keyEncoding.encode(["v1", room, "update", clock])`. */
  private key(clock: number): string {
    return `"v1"#"${this.roomId}"#"update"#${String(clock).padStart(9, "0")}`;
  }
}

/** y-partykit's upper bound of the update range (`BINARY_BITS_32`). */
const maxClock = 4294967295;

function clockOf(key: string): number {
  return Number.parseInt(key.split("#")[3] ?? "-1", 10);
}

/** The stored updates in clock order, each one's chunks joined. */
function joinChunks(stored: Map<string, Uint8Array>): Uint8Array[] {
  const byClock = new Map<number, Uint8Array[]>();
  for (const [key, value] of stored) {
    const clock = clockOf(key);
    const chunks = byClock.get(clock) ?? [];
    chunks.push(value);
    byClock.set(clock, chunks);
  }
  return [...byClock.values()].map((chunks) => {
    if (chunks.length === 1) return chunks[0]!;
    const whole = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
    let offset = 0;
    for (const chunk of chunks) whole.set(chunk, offset), (offset += chunk.byteLength);
    return whole;
  });
}
