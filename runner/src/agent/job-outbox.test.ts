/**
 * The runner's side of C1–C5: one chunk in flight, what waits batched in order, the result
 * only after every ack, oversize content as parts that join back byte for byte, and every
 * frame under the hub's limit in UTF-8.
 */
import { describe, expect, it } from "vitest";
import { wireLimits } from "@nexus-flow/shared/protocol";
import { JobOutbox } from "./job-outbox.ts";

function outbox(firstSeq = 1) {
  const sent: any[] = [];
  const frames: string[] = [];
  const box = new JobOutbox("job", 2, firstSeq, (frame) => (frames.push(frame), sent.push(JSON.parse(frame)), true));
  return { box, sent, frames };
}

const event = (n: number) => ({ type: "node.succeeded", nodeId: `n${n}`, output: n, at: n });

describe("job outbox", () => {
  it("C4: an idle job sends at once; what it emits before the ack leaves as one chunk, in order", () => {
    const { box, sent } = outbox(5);
    box.push({ events: [event(1)] });
    expect(sent).toEqual([{ type: "chunk", jobId: "job", epoch: 2, seq: 5, events: [event(1)] }]);
    box.push({ events: [event(2)] });
    box.push({ events: [event(3), event(4)] });
    box.push({ lines: [{ at: 1, stream: "stdout", text: "hi", nodeId: "n5" }] });
    expect(sent).toHaveLength(1);
    box.acked(5);
    expect(sent[1]).toEqual({ type: "chunk", jobId: "job", epoch: 2, seq: 6, events: [event(2), event(3), event(4)] });
    box.acked(6);
    expect(sent[2]).toMatchObject({ seq: 7, lines: [{ text: "hi" }] });
  });

  it("C3: the result leaves once every chunk is acknowledged, and again after a reconnect", () => {
    const { box, sent } = outbox();
    box.push({ events: [event(1)] });
    box.push({ events: [event(2)] });
    box.finish({ ok: true, output: null });
    expect(sent.map((m) => m.type)).toEqual(["chunk"]);
    box.acked(1);
    expect(sent.map((m) => m.type)).toEqual(["chunk", "chunk"]);
    box.resend(1); // reconnected: the hub has chunk 1
    expect(sent.map((m) => m.seq ?? m.type)).toEqual([1, 2, 2]);
    box.acked(2);
    expect(sent.at(-1)).toEqual({ type: "result", jobId: "job", epoch: 2, outcome: { ok: true, output: null } });
  });

  it("C5: content over one frame leaves as parts that join into the same events; every frame fits", () => {
    const { box, sent, frames } = outbox();
    const text = ("a".repeat(97) + "é€\"").repeat(30_000); // 3 million characters, multi-byte and escaped
    box.push({ events: [event(0)] });
    box.push({ events: [{ type: "node.succeeded", nodeId: "big", output: { text }, at: 1 }, event(2)] });
    box.push({ events: [event(3)] });
    for (let i = 0; i < 5; i++) box.acked(sent.at(-1).seq); // the hub acknowledges all it got, each time
    const parts = sent.filter((m) => m.part);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.map((m) => m.part.last)).toEqual([...parts.slice(1).map(() => false), true]);
    expect(JSON.parse(parts.map((m) => m.part.text).join(""))).toEqual({ events: [{ type: "node.succeeded", nodeId: "big", output: { text }, at: 1 }, event(2)] });
    expect(sent.map((m) => m.seq)).toEqual(sent.map((_, i) => i + 1));
    expect(sent.at(-1)).toMatchObject({ events: [event(3)] });
    for (const frame of frames) expect(Buffer.byteLength(frame)).toBeLessThanOrEqual(wireLimits.maxFrameBytes);
  });

  it("keeps each chunk within the entry limit", () => {
    const { box, sent } = outbox();
    box.push({ events: Array.from({ length: wireLimits.maxChunkEntries + 5 }, (_, i) => event(i)) });
    box.acked(1);
    expect(sent.map((m) => m.events.length)).toEqual([wireLimits.maxChunkEntries, 5]);
  });
});
