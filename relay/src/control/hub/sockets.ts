/**
 * The hub's three kinds of socket: runners (`/api/runners/connect`), submitters
 * (`/api/jobs/connect`) and run watchers (`/api/runs/:id/events`). Each frame is validated
 * (rule W2); a bad one closes that connection only, with the reason, and changes nothing.
 */
import { clientMessageSchema, controlCloseCodes, quickClientMessage, quickRunnerMessage, readMessages, runnerMessageSchema, wireLimits, type ClientMessage, type RunnerMessage } from "@nexus-flow/shared/protocol";
import { createTokenBucket, type TokenBucket } from "../../rooms/token-bucket.ts";
import { heldLease } from "./job-book.ts";
import { joinPart } from "./chunk-parts.ts";
import { connectRunner, disconnectRunner, onRunnerMessage } from "./lease-rules.ts";
import type { TeamHub } from "./team-hub.ts";

export type SocketAttachment =
  | { readonly kind: "runner"; readonly runnerId: string; readonly labels: readonly string[]; hello?: boolean }
  | { readonly kind: "client"; readonly session: string; readonly batch?: boolean }
  | { readonly kind: "events"; readonly runId: string };

export function sendJson(ws: WebSocket, message: unknown): void {
  try {
    ws.send(JSON.stringify(message));
  } catch {
    // closing: the peer reconnects and catches up (L5, C2)
  }
}

const buckets = new WeakMap<WebSocket, TokenBucket>();

/** Sockets refused and closing: the rest of their batch is dropped. */
const refused = new WeakSet<WebSocket>();

function refuse(ws: WebSocket, code: number, reason: string): void {
  refused.add(ws);
  sendJson(ws, { type: "error", code: "BAD_MESSAGE", message: reason });
  try {
    ws.close(code, closeReason(reason));
  } catch {
    // already closed
  }
}

/** Refuses from within a decision: what earlier messages of the frame answered leaves first, as it would have alone. */
function refuseAfter(hub: TeamHub, ws: WebSocket, code: number, reason: string): void {
  hub.flushFrames();
  refuse(ws, code, reason);
}

/** A close reason is at most 123 bytes of UTF-8: workerd throws on a longer one, leaving the socket open. */
function closeReason(reason: string): string {
  const encoder = new TextEncoder();
  let cut = reason.slice(0, 120);
  while (encoder.encode(cut).length > 123) cut = cut.slice(0, -1);
  return cut;
}

function overRate(ws: WebSocket): boolean {
  let bucket = buckets.get(ws);
  if (!bucket) buckets.set(ws, (bucket = createTokenBucket({ capacity: wireLimits.burstFrames, refillPerSecond: wireLimits.framesPerSecond, now: Date.now })));
  return !bucket.take();
}

export function onSocketMessage(hub: TeamHub, ws: WebSocket, frame: string | ArrayBuffer, now: number): void {
  const attachment = hub.attachment(ws);
  if (!attachment) return refuse(ws, controlCloseCodes.badMessage, "unknown connection");
  if (overRate(ws)) return refuse(ws, controlCloseCodes.tooMany, `more than ${wireLimits.framesPerSecond} frames a second`);
  if (attachment.kind === "events") return refuse(ws, controlCloseCodes.badMessage, "the events socket only sends; it takes no messages");
  if (attachment.kind === "client") {
    const read = readMessages(clientMessageSchema, frame, quickClientMessage);
    if (!read.ok) return refuse(ws, read.tooBig ? controlCloseCodes.tooBig : controlCloseCodes.badMessage, read.reason);
    // W5: a submitter's batch is its submits and cancels in order, answered at the end of the decision.
    return hub.decide(() => {
      hub.lookUpSubmits(read.message.flatMap((message) => (message.type === "submit" ? (message.after ? [message.key, message.after.key] : [message.key]) : [])));
      for (const [index, message] of read.message.entries()) {
        if (index > 0 && overRate(ws)) return refuseAfter(hub, ws, controlCloseCodes.tooMany, `more than ${wireLimits.framesPerSecond} messages a second`);
        onClientMessage(hub, ws, attachment.session, message, now);
      }
    });
  }
  const read = readMessages(runnerMessageSchema, frame, quickRunnerMessage);
  if (!read.ok) return refuse(ws, read.tooBig ? controlCloseCodes.tooBig : controlCloseCodes.badMessage, read.reason);
  // W4: a batch is its messages in order, each counted against the frame rate, in one decision.
  hub.decide(() => {
    for (const [index, message] of read.message.entries()) {
      if (refused.has(ws)) return;
      if (index > 0 && overRate(ws)) return refuseAfter(hub, ws, controlCloseCodes.tooMany, `more than ${wireLimits.framesPerSecond} messages a second`);
      const current = hub.attachment(ws);
      if (current?.kind !== "runner") return;
      onRunnerFrame(hub, ws, current, message, now);
    }
  });
}

function onRunnerFrame(hub: TeamHub, ws: WebSocket, attachment: Extract<SocketAttachment, { kind: "runner" }>, message: RunnerMessage, now: number): void {
  if (message.type === "hello") {
    if (message.protocol !== 1) return refuseAfter(hub, ws, controlCloseCodes.badMessage, `this hub speaks protocol 1; the runner speaks ${message.protocol}: upgrade the runner`);
    const labels = [...new Set([...message.labels, ...attachment.labels])];
    hub.sql.exec(
      "UPDATE runners SET name = ?, labels = ?, slots = ?, connections = ?, version = ?, last_seen_at = ? WHERE id = ?",
      message.name, JSON.stringify(labels), message.slots, JSON.stringify(message.connections), message.version, now, attachment.runnerId,
    );
    hub.setAttachment(ws, { ...attachment, hello: true });
    return hub.apply(connectRunner(hub.book, attachment.runnerId, { ...message, labels }, now), now);
  }
  if (!attachment.hello) return refuseAfter(hub, ws, controlCloseCodes.badMessage, "send hello first");
  if (message.type === "chunk" && message.part) {
    const joined = joinPart(hub.sql, hub.book, attachment.runnerId, message);
    if ("refused" in joined) return refuseAfter(hub, ws, controlCloseCodes.badMessage, joined.refused);
    message = joined.chunk;
  }
  // W3 folds only the chunk the lease rules will store (held lease, next seq): a stale or
  // repeated chunk is answered by them (stale / ack) and must not touch the run's fold.
  const storable = message.type === "chunk" && heldLease(hub.book, attachment.runnerId, message)?.ackedSeq === message.seq - 1;
  if (message.type === "chunk" && message.events && storable && !hub.runs.acceptsChunk(message.jobId, message.events)) {
    return refuseAfter(hub, ws, controlCloseCodes.badMessage, `chunk ${message.seq} of job ${message.jobId} holds events that do not fit its run's log`);
  }
  hub.apply(onRunnerMessage(hub.book, attachment.runnerId, message, now), now);
}

function onClientMessage(hub: TeamHub, ws: WebSocket, session: string, message: ClientMessage, now: number): void {
  if (message.type === "cancel") return hub.cancelFromSubmitter(ws, session, message.key, message.reason ?? "cancelled by the submitter", now);
  const job = hub.submit({ id: message.key, kind: "node", labels: message.labels, connections: message.connections ?? [], payload: message.payload, reofferBudget: message.reofferBudget ?? 3, ...(message.scheduleToStartMs ? { scheduleToStartMs: message.scheduleToStartMs } : {}), ...(message.after ? { after: message.after } : {}) }, session, now);
  if (job.status === "waiting" && !hub.book.jobs.has(job.id)) return; // refused or removed at once: its submitter heard `removed` (J8, J9)
  const status = job.status;
  hub.notifySubmitter(ws, { type: "accepted", key: job.id, jobId: job.id, status, ...(status === "queued" ? { waitingFor: hub.waitingReason(job) } : {}) }, session);
  if (job.status === "finished") hub.notifySubmitter(ws, { type: "result", key: job.id, runner: job.runnerName, outcome: job.outcome }, session);
}

export function onSocketClose(hub: TeamHub, ws: WebSocket, now: number): void {
  const attachment = hub.attachment(ws);
  if (attachment?.kind === "client") hub.forgetSession(attachment.session);
  if (attachment?.kind !== "runner") return;
  // Another socket of the same runner (a reconnect that raced this close) keeps it connected.
  if (hub.state.getWebSockets(`runner:${attachment.runnerId}`).some((other) => other !== ws && other.readyState === WebSocket.OPEN)) return;
  hub.sql.exec("UPDATE runners SET last_seen_at = ? WHERE id = ?", now, attachment.runnerId);
  hub.apply(disconnectRunner(hub.book, attachment.runnerId, now), now);
}
