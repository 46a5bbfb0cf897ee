import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { closeCodes, roomLimits, type RoomRole, type RunBroadcast } from "@nexus-flow/shared/collab";
import { awarenessFrame, bigUpdateFrame, chunkedFrames, nodeUpdateFrame, syncStep1Frame, syncStep2Frame } from "../../test-support/yjs-frames.ts";
import { BatchBudget } from "./chunk-batch.ts";
import { createMessageGate, readOnlyNotice, type GateVerdict } from "./message-gate.ts";
import { PresenceRegistry } from "./presence-claims.ts";
import { readYjsMessage, writeAwarenessFrame } from "./yjs-message.ts";

function gateFor(role: RoomRole) {
  const clock = { now: 0 };
  return { gate: createMessageGate({ role, now: () => clock.now }), clock };
}

const run: RunBroadcast = { type: "run", runId: "r1", by: "Ada", status: "running", nodes: { fetch: "running" }, done: 0, total: 2 };

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function expectClose(verdict: GateVerdict, code: number, reason: RegExp) {
  expect(verdict).toMatchObject({ action: "close", code });
  expect(verdict.action === "close" && verdict.reason).toMatch(reason);
}

describe("message gate: roles", () => {
  it("passes an editor's updates and sync step 2 to y-partykit", () => {
    const { gate } = gateFor("edit");
    expect(gate.inspect(nodeUpdateFrame("n1", "A"))).toEqual({ action: "pass", store: expect.any(Uint8Array) });
    expect(gate.inspect(syncStep2Frame(new Y.Doc()))).toEqual({ action: "pass" });
  });

  it("names the update an editor's frame carries, for the relay to store before y-partykit applies it", () => {
    const { gate } = gateFor("edit");
    const doc = new Y.Doc();
    doc.getMap("nodes").set("x", new Y.Map());
    const verdict = gate.inspect(syncStep2Frame(doc));
    expect(verdict.action === "pass" && verdict.store && sameBytes(verdict.store, Y.encodeStateAsUpdate(doc))).toBe(true);
  });

  it("drops a viewer's update and answers with a read-only notice", () => {
    const { gate } = gateFor("view");
    expect(gate.inspect(nodeUpdateFrame("n1", "A"))).toEqual({ action: "drop", notice: readOnlyNotice });
  });

  it("drops a viewer's sync step 2 without a notice and without closing (the handshake sends one)", () => {
    const { gate } = gateFor("view");
    const withContent = new Y.Doc();
    withContent.getMap("nodes").set("x", new Y.Map());
    expect(gate.inspect(syncStep2Frame(new Y.Doc()))).toEqual({ action: "drop" });
    expect(gate.inspect(syncStep2Frame(withContent))).toEqual({ action: "drop" });
  });

  it("passes a viewer's sync step 1 and presence", () => {
    const { gate } = gateFor("view");
    expect(gate.inspect(syncStep1Frame(new Y.Doc()))).toEqual({ action: "pass" });
    expect(gate.inspect(awarenessFrame({ user: { name: "Vi" } }))).toEqual({ action: "pass" });
  });
});

describe("message gate: limits", () => {
  it("closes with tooManyMessages after the burst, and allows the sustained rate", () => {
    const { gate } = gateFor("edit");
    const frame = syncStep1Frame(new Y.Doc());
    for (let i = 0; i < roomLimits.burstMessages; i++) expect(gate.inspect(frame).action).toBe("pass");
    const verdict = gate.inspect(frame);
    expectClose(verdict, closeCodes.tooManyMessages, /messages per second/);
    expect(verdict).toHaveProperty("notice.code", "rate-limited");
    const fresh = gateFor("edit");
    for (let i = 0; i < 2_000; i++) {
      fresh.clock.now += 1000 / roomLimits.messagesPerSecond;
      expect(fresh.gate.inspect(frame).action).toBe("pass");
    }
  });

  it("closes with tooBig for a binary frame over maxMessageBytes, before reading it", () => {
    const { gate } = gateFor("edit");
    expectClose(gate.inspect(new Uint8Array(roomLimits.maxMessageBytes + 1)), closeCodes.tooBig, /1000001 bytes exceeds/);
  });

  it("closes with tooBig for a text frame over maxNoticeBytes, counting UTF-8 bytes", () => {
    const { gate } = gateFor("edit");
    const padded = JSON.stringify({ ...run, by: "é".repeat(roomLimits.maxNoticeBytes / 2) });
    expectClose(gate.inspect(padded), closeCodes.tooBig, /text frame exceeds/);
  });
});

describe("message gate: text frames", () => {
  it("relays an editor's run broadcast as it came", () => {
    const { gate } = gateFor("edit");
    const text = JSON.stringify(run);
    expect(gate.inspect(text)).toEqual({ action: "relay", text });
  });

  it("drops a viewer's run broadcast with a read-only notice", () => {
    const { gate } = gateFor("view");
    expect(gate.inspect(JSON.stringify(run))).toEqual({ action: "drop", notice: readOnlyNotice });
  });

  const malformedText: Array<[string, string, RegExp]> = [
    ["text that is not JSON", "hello", /not JSON/],
    ["a notice (only the relay sends those)", JSON.stringify({ type: "notice", code: "read-only", message: "x" }), /type "notice" is not "run"/],
    ["JSON with no type", "[1,2]", /type \(none\) is not "run"/],
    ["a run with a bad status", JSON.stringify({ ...run, status: "exploded" }), /status "exploded"/],
    ["a run with done > total", JSON.stringify({ ...run, done: 3 }), /done and total/],
    ["a run with an unknown property", JSON.stringify({ ...run, doc: "x" }), /unknown property "doc"/],
    ["a bad chunk marker", "y-pk-batch#{oops", /chunk marker is not JSON/],
  ];
  it.each(malformedText)("closes with malformed for %s", (_name, text, reason) => {
    expectClose(gateFor("edit").gate.inspect(text), closeCodes.malformed, reason);
  });
});

describe("message gate: y-partykit chunk batches", () => {
  const big = bigUpdateFrame("big", 2_500_000);

  it("holds the chunks and delivers the reassembled message once it checks out", () => {
    const { gate } = gateFor("edit");
    const frames = chunkedFrames(big);
    const verdicts = frames.map((frame) => gate.inspect(frame));
    expect(verdicts.slice(0, -1).every((v) => v.action === "hold")).toBe(true);
    const last = verdicts.at(-1);
    expect(last?.action).toBe("deliver");
    expect(last?.action === "deliver" && sameBytes(last.message, big)).toBe(true);
    expect(gate.inspect(nodeUpdateFrame("n2", "after")).action).toBe("pass");
  });

  it("refuses a viewer's chunked message at its start, before any chunk is buffered", () => {
    const budget = new BatchBudget();
    const gate = createMessageGate({ role: "view", now: () => 0, budget });
    const verdict = gate.inspect(chunkedFrames(big)[0]!);
    expectClose(verdict, closeCodes.malformed, /view link cannot send a chunked/);
    expect(verdict).toHaveProperty("notice", readOnlyNotice);
    expect(gate.batchOpen).toBe(false);
  });

  it("delivers the store of a reassembled update with it", () => {
    const { gate } = gateFor("edit");
    const last = chunkedFrames(big).map((frame) => gate.inspect(frame)).at(-1);
    expect(last?.action === "deliver" && last.store?.byteLength).toBeGreaterThan(2_500_000);
  });

  it("shares one budget of buffered bytes between a room's connections, and frees a batch on abandon", () => {
    const budget = new BatchBudget(1_500_000);
    const [first, second] = [createMessageGate({ role: "edit", now: () => 0, budget }), createMessageGate({ role: "edit", now: () => 0, budget })];
    const frames = chunkedFrames(big);
    expect(first.inspect(frames[0]!).action).toBe("hold");
    expect(first.inspect(frames[1]!).action).toBe("hold");
    expect(second.inspect(frames[0]!).action).toBe("hold");
    expectClose(second.inspect(frames[1]!), closeCodes.tooBig, /exceed 1500000 bytes/);
    expect(budget.bytes).toBe(1_000_000);
    expect(first.batchOpen).toBe(true);
    first.abandonBatch();
    expect(budget.bytes).toBe(0);
    expect(first.batchOpen).toBe(false);
  });

  it("closes with malformed when the chunks do not add up to what the start announced", () => {
    const { gate } = gateFor("edit");
    const frames = chunkedFrames(big);
    frames.splice(2, 1); // lose a chunk
    const verdicts = frames.map((frame) => gate.inspect(frame));
    expectClose(verdicts.at(-1)!, closeCodes.malformed, /announced 2\d+ bytes in 3 chunks, got/);
  });

  it("closes with malformed when the reassembled message is not a Yjs message", () => {
    const { gate } = gateFor("edit");
    const verdicts = chunkedFrames(new Uint8Array(1_500_000).fill(7)).map((frame) => gate.inspect(frame));
    expectClose(verdicts.at(-1)!, closeCodes.malformed, /unknown message type 7/);
  });

  it("refuses a batch announced over maxBatchBytes at its start", () => {
    const { gate } = gateFor("edit");
    const start = `y-pk-batch#${JSON.stringify({ id: "x", type: "start", size: roomLimits.maxBatchBytes + 1, count: 11 })}`;
    expectClose(gate.inspect(start), closeCodes.malformed, /exceeds 10000000/);
  });

  it("refuses an end without a start, and a text frame inside a batch", () => {
    const end = `y-pk-batch#${JSON.stringify({ id: "x", type: "end", size: 10, count: 1 })}`;
    expectClose(gateFor("edit").gate.inspect(end), closeCodes.malformed, /ended before it started/);
    const { gate } = gateFor("edit");
    gate.inspect(chunkedFrames(big)[0]!);
    expectClose(gate.inspect(JSON.stringify(run)), closeCodes.malformed, /text frame inside a chunk batch/);
  });
});

describe("message gate: presence", () => {
  it("leaves out entries for someone else's presence and passes the rest", () => {
    const room = new PresenceRegistry(() => 0);
    const ada = createMessageGate({ role: "edit", now: () => 0, presence: room.forConnection("ada") });
    const eve = createMessageGate({ role: "view", now: () => 0, presence: room.forConnection("eve") });
    const adaState = { clientId: 1, clock: 1, state: '{"user":{"name":"Ada"}}' };
    expect(ada.inspect(writeAwarenessFrame([adaState]))).toEqual({ action: "pass" });
    const eveState = { clientId: 2, clock: 1, state: '{"user":{"name":"Eve"}}' };
    const mixed = eve.inspect(writeAwarenessFrame([{ ...adaState, clock: 9 }, eveState]));
    expect(mixed.action).toBe("deliver");
    expect(mixed.action === "deliver" && readYjsMessage(mixed.message)).toEqual({ kind: "awareness", entries: [eveState] });
    expect(eve.inspect(writeAwarenessFrame([{ clientId: 1, clock: 10, state: "null" }]))).toEqual({ action: "drop" });
  });
});
