import { describe, expect, it } from "vitest";
import type { RunEvent } from "@nexus-flow/shared";
import type { AssignedJob } from "@nexus-flow/shared/protocol";
import { executeJob } from "./job-executor.ts";

//   start ─► n1 ─► n2 ─► … ─► n19   (noop: each step settles in microtasks)
function chainJob(nodes: number, delayLast = false): AssignedJob {
  const chain = Array.from({ length: nodes - 1 }, (_, i) => ({ id: `n${i + 1}`, type: i === nodes - 2 && delayLast ? "delay" : "noop", position: { x: 0, y: 0 }, config: i === nodes - 2 && delayLast ? { ms: 30 } : {} }));
  const flow = { schemaVersion: 1, id: "chain", name: "chain", nodes: [{ id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} }, ...chain], edges: chain.map((node, i) => ({ id: `e${i}`, source: i === 0 ? "start" : `n${i}`, target: node.id })) };
  const started = { type: "run.started", runId: "r1", flow, input: { n: 1 }, at: Date.now() };
  return { jobId: "r1:1", epoch: 1, kind: "flow.run", payload: { runId: "r1", log: [started], signals: {} }, nextSeq: 1, idempotencyKey: "r1" };
}

describe("a flow.run job's events", () => {
  it("a chain that runs in one turn hands its whole log on at once (one chunk, one hub commit), all before the outcome", async () => {
    const calls: RunEvent[][] = [];
    const outcome = await executeJob({ job: chainJob(20), signal: new AbortController().signal, emitEvents: (events) => calls.push([...events]), services: {} });
    expect(outcome).toEqual({ ok: true, output: { status: "succeeded" } });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.filter((event) => event.type === "node.succeeded")).toHaveLength(20);
    expect(calls[0]!.at(-1)?.type).toBe("run.finished");
  });

  it("events before a wait leave in their own turn, not held until the run ends", async () => {
    const calls: { at: number; types: string[] }[] = [];
    const started = Date.now();
    await executeJob({ job: chainJob(5, true), signal: new AbortController().signal, emitEvents: (events) => calls.push({ at: Date.now() - started, types: events.map((event) => event.type) }), services: {} });
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls[0]!.at).toBeLessThan(25); // before the 30 ms delay ends
    expect(calls[0]!.types).toContain("node.started");
    expect(calls.at(-1)!.types.at(-1)).toBe("run.finished");
  });
});
