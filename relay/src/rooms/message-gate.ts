/**
 * Every frame a connection sends passes this gate before the room's document sees it: the per-connection
 * limits (rate, size), the protocol check (binary Yjs messages, y-partykit chunks, run
 * broadcasts) and the view role (no writes). Pure: it returns what to do, the connection glue
 * (`guard-connection.ts`) does it.
 */
import { closeCodes, readRunBroadcast, roomLimits, type RelayNotice, type RoomRole } from "@nexus-flow/shared/collab";
import { BatchAssembler, BatchBudget, isBatchMarker, readBatchMarker, type BatchStep } from "./chunk-batch.ts";
import { createTokenBucket } from "./token-bucket.ts";
import { readYjsMessage, writeAwarenessFrame, type AwarenessEntry } from "./yjs-message.ts";
import type { PresenceClaims } from "./presence-claims.ts";

export type GateVerdict =
  /**
   * Hand the frame to the document unchanged. `store`: the Yjs update it carries, which the
   * relay must start storing before the document takes (and passes on) it.
   */
  | { readonly action: "pass"; readonly store?: Uint8Array }
  /** A chunk of a batch: keep it from the document, nothing else to do yet. */
  | { readonly action: "hold" }
  /** Hand this message to the document instead (a reassembled batch, or presence with others' entries left out). */
  | { readonly action: "deliver"; readonly message: Uint8Array<ArrayBuffer>; readonly store?: Uint8Array }
  /** Keep it from the document; tell the sender why when there is a notice. */
  | { readonly action: "drop"; readonly notice?: RelayNotice }
  /** A run broadcast: send the text to the room's other connections. */
  | { readonly action: "relay"; readonly text: string }
  | { readonly action: "close"; readonly code: number; readonly reason: string; readonly notice?: RelayNotice };

export interface MessageGate {
  inspect(data: string | ArrayBuffer | ArrayBufferView): GateVerdict;
  /** Whether a chunk batch is in progress (the connection glue times it out). */
  readonly batchOpen: boolean;
  /** Drops the batch in progress, if any, and frees its bytes (stalled, or the connection closed). */
  abandonBatch(): void;
}

export const readOnlyNotice: RelayNotice = {
  type: "notice",
  code: "read-only",
  message: "This link can only view the flow: your change was not saved or shared.",
};

const rateLimitedNotice: RelayNotice = {
  type: "notice",
  code: "rate-limited",
  message: `Too many messages: at most ${roomLimits.messagesPerSecond} per second. Reconnect to continue.`,
};

/**
 * @example
 * const gate = createMessageGate({ role: "view", now: Date.now });
 * gate.inspect(updateFrame); // → { action: "drop", notice: readOnlyNotice }
 */
export function createMessageGate({ role, now, presence = anyPresence, budget = new BatchBudget() }: { role: RoomRole; now: () => number; presence?: PresenceClaims; budget?: BatchBudget }): MessageGate {
  const bucket = createTokenBucket({ capacity: roomLimits.burstMessages, refillPerSecond: roomLimits.messagesPerSecond, now });
  const batch = new BatchAssembler(budget);
  return {
    get batchOpen() {
      return batch.open;
    },
    abandonBatch: () => batch.abandon(),
    inspect(data) {
      // 1. Rate, then size: both before any parsing.
      if (!bucket.take()) {
        return { action: "close", code: closeCodes.tooManyMessages, reason: `more than ${roomLimits.messagesPerSecond} messages per second`, notice: rateLimitedNotice };
      }
      const size = frameBytes(data, roomLimits.maxMessageBytes);
      if (size > roomLimits.maxMessageBytes) {
        return { action: "close", code: closeCodes.tooBig, reason: `frame of ${size} bytes exceeds the ${roomLimits.maxMessageBytes}-byte limit` };
      }
      // 2. What kind of frame it is.
      if (typeof data === "string") return inspectText(data, role, batch, presence);
      const bytes = toBytes(data);
      if (batch.open) return fromBatchStep(batch.add(bytes), role, presence);
      return inspectBinary(bytes, role, presence);
    },
  };
}

function inspectText(text: string, role: RoomRole, batch: BatchAssembler, presence: PresenceClaims): GateVerdict {
  if (isBatchMarker(text)) {
    // A batch is a document message too large for one frame: a view link has none to send.
    // Refused before any chunk is buffered (or even read: the connection closes).
    if (role !== "edit") return { action: "close", code: closeCodes.malformed, reason: "a view link cannot send a chunked document message", notice: readOnlyNotice };
    const marker = readBatchMarker(text);
    if ("reason" in marker) return malformed(marker.reason);
    return fromBatchStep(marker.type === "start" ? batch.begin(marker) : batch.finish(marker), role, presence);
  }
  if (batch.open) return malformed("text frame inside a chunk batch");
  if (frameBytes(text, roomLimits.maxNoticeBytes) > roomLimits.maxNoticeBytes) {
    return { action: "close", code: closeCodes.tooBig, reason: `text frame exceeds the ${roomLimits.maxNoticeBytes}-byte limit` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return malformed("text frame is not JSON");
  }
  const type = typeof value === "object" && value !== null ? (value as { type?: unknown }).type : undefined;
  if (type !== "run") return malformed(`text frame type ${JSON.stringify(type) ?? "(none)"} is not "run"`);
  const run = readRunBroadcast(value);
  if (!run.ok) return malformed(run.reason);
  return role === "edit" ? { action: "relay", text } : { action: "drop", notice: readOnlyNotice };
}

function inspectBinary(bytes: Uint8Array, role: RoomRole, presence: PresenceClaims): GateVerdict {
  const message = readYjsMessage(bytes);
  switch (message.kind) {
    case "malformed":
      return malformed(message.reason);
    case "sync-step2":
      // A viewer's provider answers the relay's step 1 with its own (usually empty) step 2:
      // part of the handshake, dropped without a word.
      if (role !== "edit") return { action: "drop" };
      return message.empty ? { action: "pass" } : { action: "pass", store: message.update };
    case "update":
      return role === "edit" ? { action: "pass", store: message.update } : { action: "drop", notice: readOnlyNotice };
    case "awareness":
      return inspectAwareness(message.entries, presence);
    case "sync-step1":
    case "query-awareness":
      return { action: "pass" };
  }
}

/**
 * Entries for someone else's presence (echoes, or attempts), or for more ids than a client
 * has, are left out. Not a close: every provider echoes what it receives.
 */
function inspectAwareness(entries: readonly AwarenessEntry[], presence: PresenceClaims): GateVerdict {
  const admitted = presence.admit(entries.map(({ clientId, state }) => ({ clientId, removal: state === "null" })));
  const kept = entries.filter((_, i) => admitted[i]);
  if (kept.length === entries.length) return { action: "pass" };
  if (kept.length === 0) return { action: "drop" };
  return { action: "deliver", message: writeAwarenessFrame(kept) };
}

function fromBatchStep(step: BatchStep, role: RoomRole, presence: PresenceClaims): GateVerdict {
  switch (step.kind) {
    case "held":
      return { action: "hold" };

    case "over-budget":
      return { action: "close", code: closeCodes.tooBig, reason: step.reason };
    case "malformed":
      return malformed(step.reason);
    case "complete": {
      const verdict = inspectBinary(step.message, role, presence);
      return verdict.action === "pass" ? { action: "deliver", message: step.message, store: verdict.store } : verdict;
    }
  }
}

/** For a gate on its own (tests): every presence is claimable. */
const anyPresence: PresenceClaims = { admit: (entries) => entries.map(() => true), release: () => {} };

function malformed(reason: string): GateVerdict {
  return { action: "close", code: closeCodes.malformed, reason };
}

/**
 * Byte size of a frame. For text it may undercount, but never across `limit`: the answer to
 * "is it over the limit" is exact without encoding large strings.
 */
function frameBytes(data: string | ArrayBuffer | ArrayBufferView, limit: number): number {
  if (typeof data !== "string") return data.byteLength;
  if (data.length > limit) return data.length; // UTF-8 never takes fewer bytes than UTF-16 units
  if (data.length * 3 <= limit) return data.length;
  return new TextEncoder().encode(data).byteLength;
}

function toBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
