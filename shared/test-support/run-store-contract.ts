import { describe, expect, it } from "vitest";
import type { Flow, RunEvent, RunStore } from "../src/index.ts";

const flow: Flow = { schemaVersion: 1, id: "f", name: "F", nodes: [{ id: "a", type: "noop", position: { x: 0, y: 0 }, config: {} }], edges: [] };
const started = (runId: string, at: number): RunEvent => ({ type: "run.started", runId, flow, input: { n: 1 }, at });
const finished = (at: number): RunEvent => ({ type: "run.finished", status: "succeeded", at });

/**
 * What every RunStore must do, run against each implementation (memory, files, IndexedDB).
 * @example runStoreContract("memory", async () => createMemoryRunStore())
 */
export function runStoreContract(name: string, makeStore: () => Promise<RunStore>): void {
  describe(`RunStore contract: ${name}`, () => {
    it("reads back what was appended, in order", async () => {
      const store = await makeStore();
      const writer = await store.open("r1");
      const events: RunEvent[] = [started("r1", 1), { type: "node.started", nodeId: "a", attempt: 1, at: 2 }];
      await writer.append(events.slice(0, 1));
      await writer.append(events.slice(1));
      expect(await store.read("r1")).toEqual(events);
      await writer.close();
    });

    it("lists runs newest first with their status: running, finished, or interrupted", async () => {
      const store = await makeStore();
      const done = await store.open("done");
      await done.append([started("done", 10), finished(20)]);
      await done.close();
      const dead = await store.open("dead");
      await dead.append([started("dead", 30)]);
      await dead.close();
      const live = await store.open("live");
      await live.append([started("live", 40)]);
      const list = await store.list();
      expect(list.map((run) => [run.runId, run.status])).toEqual([["live", "running"], ["dead", "interrupted"], ["done", "succeeded"]]);
      expect(list[2]).toMatchObject({ flowId: "f", flowName: "F", startedAt: 10, finishedAt: 20 });
      await live.close();
    });

    it("lets one writer at a time hold a run, and reopening continues the log", async () => {
      const store = await makeStore();
      const first = await store.open("r");
      await first.append([started("r", 1)]);
      await expect(store.open("r")).rejects.toMatchObject({ data: { code: "RUN_LOCKED" } });
      await first.close();
      expect(() => first.append([finished(3)])).toThrow(/closed/);
      const second = await store.open("r");
      await second.append([finished(2)]);
      await second.close();
      expect((await store.read("r")).map((event) => event.type)).toEqual(["run.started", "run.finished"]);
    });

    it("L5: an output passed on unchanged is stored once; reading gives it back whole, shared", async () => {
      const store = await makeStore();
      const payload = { rows: Array.from({ length: 200 }, (_, i) => ({ i, text: "row" })) };
      const text = "t".repeat(5000);
      const events: RunEvent[] = [
        { type: "run.started", runId: "big", flow, input: payload, at: 1 },
        { type: "node.succeeded", nodeId: "a", attempt: 1, output: payload, at: 2 },
        { type: "node.succeeded", nodeId: "__proto__", attempt: 1, output: text, at: 3 },
      ];
      const writer = await store.open("big");
      await writer.append(events);
      await writer.close();
      // A resumed writer knows the log so far: its outputs refer to values already stored.
      const prefix = await store.read("big");
      const more: RunEvent[] = [
        { type: "node.succeeded", nodeId: "b", attempt: 1, output: prefix[1]!.type === "node.succeeded" ? prefix[1]!.output : null, at: 4 },
        { type: "node.failed", nodeId: "c", attempt: 1, error: { code: "X", message: "x", retryable: false }, output: "t".repeat(5000), at: 5 },
        { type: "node.reused", nodeId: "d", record: { status: "succeeded", attempts: 1, output: payload }, at: 6 },
      ];
      const resumed = await store.open("big", prefix);
      await resumed.append(more);
      await resumed.close();
      const read = await store.read("big");
      expect(read).toEqual([...events, ...more]);
      const outputOf = (event: RunEvent | undefined) => (event && "output" in event ? event.output : undefined);
      expect(outputOf(read[1])).toBe(outputOf(read[3]));
    });

    it("says which run is missing, and resolves unique id prefixes", async () => {
      const store = await makeStore();
      await expect(store.read("nope")).rejects.toMatchObject({ data: { code: "RUN_NOT_FOUND" } });
      for (const id of ["abc1", "abd2"]) {
        const writer = await store.open(id);
        await writer.append([started(id, 1)]);
        await writer.close();
      }
      expect(await store.resolve("abc")).toBe("abc1");
      expect(await store.resolve("abd2")).toBe("abd2");
      await expect(store.resolve("ab")).rejects.toMatchObject({ data: { code: "RUN_AMBIGUOUS" } });
      await expect(store.resolve("x")).rejects.toMatchObject({ data: { code: "RUN_NOT_FOUND" } });
    });
  });
}
