/**
 * Puts a `MessageGate` in front of y-partykit on one connection. Its "message" listener is
 * added before y-partykit's, so `stopImmediatePropagation()` keeps a frame from y-partykit
 * (verified in workerd: listeners run in the order they were added). A reassembled chunk
 * batch reaches y-partykit as one synthetic message event.
 */
import type * as Party from "partykit/server";
import type { RelayNotice, RoomRole } from "@nexus-flow/shared/collab";
import { createMessageGate, type GateVerdict } from "./message-gate.ts";
import type { PresenceClaims } from "./presence-claims.ts";

export interface GuardOptions {
  readonly role: RoomRole;
  /** Sends a run broadcast's text to the room's other connections. */
  readonly relay: (text: string, from: Party.Connection) => void;
  /** This connection's presence claims in the room. */
  readonly presence: PresenceClaims;
}

const ourEvents = new WeakSet<object>();

/**
 * @example
 * guardConnection(connection, { role: "view", relay: (text, from) => broadcastExcept(from, text), presence: registry.forConnection(connection.id) });
 * await onConnect(connection, room, { readOnly: true });
 */
export function guardConnection(connection: Party.Connection, { role, relay, presence }: GuardOptions): void {
  const gate = createMessageGate({ role, now: Date.now, presence });
  let closed = false;
  connection.addEventListener("message", (event: MessageEvent) => {
    if (ourEvents.has(event)) return;
    if (closed) {
      event.stopImmediatePropagation();
      return;
    }
    const verdict: GateVerdict = gate.inspect(event.data as string | ArrayBuffer);
    if (verdict.action === "pass") return;
    event.stopImmediatePropagation();
    switch (verdict.action) {
      case "hold":
        return;
      case "deliver":
        return deliver(connection, verdict.message);
      case "drop":
        if (verdict.notice) sendNotice(connection, verdict.notice);
        return;
      case "relay":
        return relay(verdict.text, connection);
      case "close":
        closed = true;
        if (verdict.notice) sendNotice(connection, verdict.notice);
        return closeConnection(connection, verdict.code, verdict.reason);
    }
  });
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

function deliver(connection: Party.Connection, message: Uint8Array<ArrayBuffer>): void {
  const event = new MessageEvent("message", { data: message.buffer });
  ourEvents.add(event);
  connection.dispatchEvent(event);
}

function sendNotice(connection: Party.Connection, notice: RelayNotice): void {
  try {
    connection.send(JSON.stringify(notice));
  } catch {
    // The connection is going away; the notice has no one to reach.
  }
}
