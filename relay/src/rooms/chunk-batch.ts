/**
 * y-partykit's client splits a message over 1,000,000 bytes into binary chunks between two
 * text markers: `y-pk-batch#{"id","type":"start","size","count"}` … chunks …
 * `y-pk-batch#{"id","type":"end","size","count"}`. The relay reassembles the message itself,
 * checks it like any other binary message and only then hands it to the document whole.
 *
 * Unfinished batches are memory a connection makes the room hold, so: a view connection may
 * not start one (the message gate refuses it before any chunk arrives); the room's
 * connections share one budget of buffered bytes; a batch with no new chunk for
 * `batchStallMs` is dropped; a closed connection's batch is freed at once.
 */
import { roomLimits } from "@nexus-flow/shared/collab";

export const batchSentinel = "y-pk-batch";

export interface BatchMarker {
  readonly id: string;
  readonly type: "start" | "end";
  readonly size: number;
  readonly count: number;
}

export type BatchStep =
  | { readonly kind: "held" }
  | { readonly kind: "complete"; readonly message: Uint8Array<ArrayBuffer> }
  /** The room's budget for unfinished batches is spent. */
  | { readonly kind: "over-budget"; readonly reason: string }
  | { readonly kind: "malformed"; readonly reason: string };

/** Bytes a room buffers for unfinished batches, all connections together: two full batches. */
export const maxRoomBatchBytes = 2 * roomLimits.maxBatchBytes;
/** A batch whose next chunk does not arrive within this is dropped (y-partykit sends them back to back). */
export const batchStallMs = 10_000;

/** The bytes a room holds for its connections' unfinished batches. */
export class BatchBudget {
  private used = 0;

  constructor(readonly limit: number = maxRoomBatchBytes) {}

  get bytes(): number {
    return this.used;
  }

  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

export function isBatchMarker(text: string): boolean {
  return text.startsWith(batchSentinel);
}

/**
 * @example
 * readBatchMarker('y-pk-batch#{"id":"x1","type":"start","size":1500000,"count":2}')
 * // → { id: "x1", type: "start", size: 1500000, count: 2 }
 */
export function readBatchMarker(text: string): BatchMarker | { readonly reason: string } {
  const prefix = `${batchSentinel}#`;
  if (!text.startsWith(prefix)) return { reason: "chunk marker must start with y-pk-batch#" };
  let value: unknown;
  try {
    value = JSON.parse(text.slice(prefix.length));
  } catch {
    return { reason: "chunk marker is not JSON" };
  }
  if (typeof value !== "object" || value === null) return { reason: "chunk marker is not an object" };
  const { id, type, size, count } = value as Record<string, unknown>;
  if (typeof id !== "string" || id.length > 64) return { reason: "chunk marker id must be a string" };
  if (type !== "start" && type !== "end") return { reason: "chunk marker type must be start or end" };
  if (!isCount(size) || !isCount(count)) return { reason: "chunk marker size and count must be integers" };
  return { id, type, size, count };
}

/** One connection's batch in progress. */
export class BatchAssembler {
  private start: BatchMarker | undefined;
  private chunks: Uint8Array[] = [];
  private received = 0;
  private count = 0;

  constructor(private readonly budget: BatchBudget) {}

  get open(): boolean {
    return this.start !== undefined;
  }

  /** Drops the batch in progress and gives its bytes back to the room. */
  abandon(): void {
    this.clear();
  }

  begin(marker: BatchMarker): BatchStep {
    if (this.start) return malformed("chunk batch started inside another batch");
    if (marker.type !== "start") return malformed("chunk batch ended before it started");
    if (marker.size > roomLimits.maxBatchBytes) {
      return malformed(`chunked message of ${marker.size} bytes exceeds ${roomLimits.maxBatchBytes}`);
    }
    if (marker.count < 1 || marker.size < marker.count) return malformed("chunk batch size and count disagree");
    this.start = marker;
    return { kind: "held" };
  }

  add(chunk: Uint8Array): BatchStep {
    const start = this.start;
    if (!start) return malformed("chunk outside a batch");
    this.count++;
    if (this.received + chunk.byteLength > start.size || this.count > start.count) {
      this.clear();
      return malformed(`chunk batch exceeds its announced ${start.size} bytes in ${start.count} chunks`);
    }
    if (!this.budget.take(chunk.byteLength)) {
      this.clear();
      return { kind: "over-budget", reason: `large changes in progress in this room exceed ${this.budget.limit} bytes: try again shortly` };
    }
    this.chunks.push(chunk);
    this.received += chunk.byteLength;
    return { kind: "held" };
  }

  finish(marker: BatchMarker): BatchStep {
    const start = this.start;
    const chunks = this.chunks;
    const received = this.received;
    const count = this.count;
    this.clear();
    if (!start) return malformed("chunk batch ended before it started");
    if (marker.type !== "end" || marker.id !== start.id) return malformed("chunk batch end does not match its start");
    if (marker.size !== start.size || marker.count !== start.count || received !== start.size || count !== start.count) {
      return malformed(`chunk batch announced ${start.size} bytes in ${start.count} chunks, got ${received} in ${count}`);
    }
    const message = new Uint8Array(received);
    let offset = 0;
    for (const chunk of chunks) {
      message.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return { kind: "complete", message };
  }

  private clear(): void {
    this.budget.give(this.received);
    this.start = undefined;
    this.chunks = [];
    this.received = 0;
    this.count = 0;
  }
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function malformed(reason: string): BatchStep {
  return { kind: "malformed", reason };
}
