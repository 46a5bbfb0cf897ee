import { describe, expect, it } from "vitest";
import { clientMessageSchema } from "./client-messages.ts";
import { hubMessageOf } from "./hub-messages.ts";
import { readMessage } from "./read-message.ts";
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
});
