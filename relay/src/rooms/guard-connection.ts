/**
 * Puts a `MessageGate` in front of the room's document (`room-sync.ts`) on one connection. Its "message" listener is
 * added before the document's, so `stopImmediatePropagation()` keeps a frame from it
 * (verified in workerd: listeners run in the order they were added). A reassembled chunk
 * batch reaches the document as one synthetic message event.
 */
import type { MessageEvent as WorkerMessageEvent } from "@cloudflare/workers-types";
import type * as Party from "partykit/server";
import { closeCodes, type RelayNotice, type RoomRole } from "@nexus-flow/shared/collab";
import { batchStallMs, type BatchBudget } from "./chunk-batch.ts";
import { createMessageGate, type GateVerdict } from "./message-gate.ts";
import type { PresenceClaims } from "./presence-claims.ts";

export interface GuardOptions {
  readonly role: RoomRole;
  /** Sends a run broadcast's text to the room's other connections. */
  readonly relay: (text: string, from: Party.Connection) => void;
  /** This connection's presence claims in the room. */
  readonly presence: PresenceClaims;
  /** The room's budget for unfinished chunk batches, shared by its connections. */
  readonly budget: BatchBudget;
  /**
   * Stores a Yjs update before the room applies and passes it on (`WriteAhead.submit`):
   * true when the frame may go on now, false when `handOn` will pass it on later.
   */
  readonly store: (update: Uint8Array, handOn: () => void) => boolean;
}

const ourEvents = new WeakSet<object>();

/**
 * @example
 * guardConnection(connection, { role: "view", relay, presence: registry.forConnection(connection.id), budget, store: (update) => log.append(update) });
 * await onConnect(connection, room, options);
 */
export function guardConnection(connection: Party.Connection, { role, relay, presence, budget, store }: GuardOptions): void {
  const gate = createMessageGate({ role, now: Date.now, presence, budget });
  let closed = false;
  let stall: ReturnType<typeof setTimeout> | null = null;
  const end = () => {
    closed = true;
    clearTimeout(stall);
    gate.abandonBatch();
  };
  connection.addEventListener("close", end);
  connection.addEventListener("error", end);
  // A batch whose chunks stop coming is dropped, and its connection with it.
  const watchBatch = () => {
    clearTimeout(stall);
    stall = null;
    if (!gate.batchOpen) return;
    stall = setTimeout(() => {
      end();
      closeConnection(connection, closeCodes.malformed, `chunk batch stalled: no chunk for ${batchStallMs / 1000} s`);
    }, batchStallMs);
  };
  // partykit's types name an older @cloudflare/workers-types than the relay's: the casts bridge the two.
  connection.addEventListener("message", ((event: WorkerMessageEvent) => {
    if (ourEvents.has(event)) return;
    if (closed) {
      event.stopImmediatePropagation();
      return;
    }
    const verdict: GateVerdict = gate.inspect(event.data as string | ArrayBuffer);
    if (stall !== null || gate.batchOpen) watchBatch();
    if (verdict.action === "pass") {
      const data = event.data as ArrayBuffer;
      if (verdict.store && !store(verdict.store, () => deliver(connection, data))) event.stopImmediatePropagation();
      return;
    }
    event.stopImmediatePropagation();
    switch (verdict.action) {
      case "hold":
        return;
      case "deliver": {
        const message = verdict.message;
        if (verdict.store && !store(verdict.store, () => deliver(connection, message))) return;
        return deliver(connection, message);
      }
      case "drop":
        if (verdict.notice) sendNotice(connection, verdict.notice);
        return;
      case "relay":
        return relay(verdict.text, connection);
      case "close":
        end();
        if (verdict.notice) sendNotice(connection, verdict.notice);
        return closeConnection(connection, verdict.code, verdict.reason);
    }
  }) as never);
}

/** Closes with a reason trimmed to the 123 bytes a close frame can carry. */
export function closeConnection(connection: Party.Connection, code: number, reason: string): void {
  try {
    connection.close(code, closeReason(reason));
  } catch {
    // Already closing: the peer is gone, nothing left to tell it.
  }
}

/**
 * @example
 * closeReason("x".repeat(200)).length // → 123
 */
export function closeReason(reason: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(reason).byteLength <= 123) return reason;
  let cut = reason.slice(0, 120);
  while (encoder.encode(`${cut}…`).byteLength > 123) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function deliver(connection: Party.Connection, message: Uint8Array<ArrayBuffer> | ArrayBuffer): void {
  const data = message instanceof ArrayBuffer ? message : message.buffer;
  const event = new MessageEvent("message", { data }) as unknown as WorkerMessageEvent;
  ourEvents.add(event);
  connection.dispatchEvent(event as never);
}

function sendNotice(connection: Party.Connection, notice: RelayNotice): void {
  try {
    connection.send(JSON.stringify(notice));
  } catch {
    // The connection is going away; the notice has no one to reach.
  }
}
