import { describe, expect, it } from "vitest";
import { clientMessageSchema } from "./client-messages.ts";
import { hubMessageOf, hubMessagesOf } from "./hub-messages.ts";
import { readMessage, readMessages } from "./read-message.ts";
import { runnerMessageSchema } from "./runner-messages.ts";
import { wireLimits } from "./wire.ts";

describe("W2: every frame is validated, with a reason a peer can read", () => {
  it("accepts a well-formed message", () => {
    expect(readMessage(runnerMessageSchema, JSON.stringify({ type: "heartbeat", leases: [{ jobId: "j", epoch: 1 }] }))).toEqual({ ok: true, message: { type: "heartbeat", leases: [{ jobId: "j", epoch: 1 }] } });
  });

  it.each([
    ["not JSON", "{nope", "not valid JSON"],
    ["a binary frame", new ArrayBuffer(4), "binary frames"],
    ["an unknown type", JSON.stringify({ type: "steal" }), 'type "steal"'],
    ["a wrong field type", JSON.stringify({ type: "chunk", jobId: "j", epoch: "1", seq: 1 }), "epoch"],
    ["a bad label", JSON.stringify({ type: "hello", protocol: 1, name: "r", labels: ["GPU!"], slots: 1, version: "1", connections: [], leases: [] }), "labels[0]"],
    ["an oversize frame", "x".repeat(wireLimits.maxFrameBytes + 1), "over the"],
  ])("refuses %s", (_, frame, reason) => {
    const read = readMessage(runnerMessageSchema, frame as string);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.reason).toContain(reason);
  });

  it("a submit must carry a node job payload", () => {
    expect(readMessage(clientMessageSchema, JSON.stringify({ type: "submit", key: "k", labels: [], payload: { nodeId: 1 } })).ok).toBe(false);
  });

  it("the runner ignores hub frames it does not understand", () => {
    expect(hubMessageOf(JSON.stringify({ type: "ack", jobId: "j", seq: 2 }))).toEqual({ type: "ack", jobId: "j", seq: 2 });
    expect(hubMessageOf(JSON.stringify({ type: "job", job: { jobId: "j" } }))).toBeUndefined();
    expect(hubMessageOf("garbage")).toBeUndefined();
  });

  it("W4: a batch frame is its messages in order; a bad one names its place; empty or over 100 is refused", () => {
    const drain = { type: "drain" };
    const beat = { type: "heartbeat", leases: [] };
    expect(readMessages(runnerMessageSchema, JSON.stringify([drain, beat]))).toEqual({ ok: true, message: [drain, beat] });
    expect(readMessages(runnerMessageSchema, JSON.stringify(drain))).toEqual({ ok: true, message: [drain] });
    expect(readMessages(runnerMessageSchema, JSON.stringify([drain, { type: "steal" }]))).toMatchObject({ ok: false, reason: expect.stringMatching(/^message 2 of the batch: bad message \(type "steal"\)/) });
    expect(readMessages(runnerMessageSchema, "[]")).toMatchObject({ ok: false, reason: "a batch frame holds 1 to 100 messages, not 0" });
    expect(readMessages(runnerMessageSchema, JSON.stringify(Array(101).fill(drain)))).toMatchObject({ ok: false });
    expect(readMessage(runnerMessageSchema, JSON.stringify([drain])).ok).toBe(false); // submitters and watchers: one message a frame
    // A message the runner does not know (a newer hub's) is left out, never the ones beside it.
    expect(hubMessagesOf(JSON.stringify([{ type: "done", jobId: "j" }, { type: "future" }, { type: "ack", jobId: "j", seq: 2 }]))).toEqual({ messages: [{ type: "done", jobId: "j" }, { type: "ack", jobId: "j", seq: 2 }], ignored: 1 });
    expect(hubMessagesOf("garbage")).toEqual({ messages: [], ignored: 1 });
  });
});
