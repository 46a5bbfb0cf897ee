import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import type { FlowNode, NodeExecutor, RunEvent } from "@nexus-flow/shared";
import { systemClock } from "@nexus-flow/shared/platform";
import { flow } from "../../../shared/test-support/flow-builder.ts";
import { openDb } from "../storage/db.ts";
import { createIdbRunStore } from "../storage/idb-run-store.ts";
import { connectRunDb } from "../storage/run-db.ts";
import { createEventRelay } from "./event-relay.ts";
import { createMemoryLocks } from "./locks.ts";
import { createRunHost } from "./run-host.ts";
import { groupCommit, hubKeptEvents } from "./group-commit.ts";

/**
 * The hub as a browser run sees it (PROTOCOL.md J1, J3): a key runs once, and a second
 * submit of it gets the kept result. `hang` keys never answer the first submitter (the tab
 * died while the runner worked), though the runner did the work.
 */
function fakeHub(hang: Set<string>) {
  const runs = new Map<string, number>();
  const executor: NodeExecutor = (execution) => {
    const key = `${execution.idempotencyKey}:${execution.attempt}`;
    const first = !runs.has(key);
    runs.set(key, (runs.get(key) ?? 0) + (first ? 1 : 0));
    return first && hang.has(execution.nodeId) ? new Promise(() => undefined) : { output: { from: execution.nodeId } };
  };
  return { executor, executions: () => Object.fromEntries(runs) };
}

// start ─▶ r1 (runner) ─▶ r2 (runner) ─▶ after (browser)
const mixed = flow("held").trigger().noop("r1", "r2", "after").chain("start", "r1", "r2", "after").build();
const onRunner = new Set(["r1", "r2"]);

function host(dbName: string, executor: NodeExecutor, holdForever: boolean) {
  const store = createIdbRunStore(connectRunDb(dbName));
  const settledRuns: string[] = [];
  const relay = createEventRelay((batches) => settledRuns.push(...batches.filter((batch) => batch.settled).map((batch) => batch.runId)), 5);
  const never = { setTimeout: () => undefined };
  const runHost = createRunHost({
    store,
    unfinishedRuns: (flowId) => store.unfinishedRuns(flowId),
    locks: createMemoryLocks(),
    clock: systemClock,
    services: async () => ({}) as never,
    relay,
    executorFor: async () => (node: FlowNode) => (onRunner.has(node.id) ? executor : undefined),
    logWriterFor: (_flow, writer) => groupCommit(writer, hubKeptEvents(onRunner), 100, holdForever ? never : undefined),
  });
  return { store, runHost, settledRuns };
}

const nodeEvents = (log: readonly RunEvent[], nodeId: string) => log.filter((event) => "nodeId" in event && event.nodeId === nodeId).map((event) => event.type);

describe("group commit: a tab that dies with runner events unwritten", () => {
  it("resumes from the hub: the held hops are submitted again under their keys and nothing runs twice", async () => {
    const db = openDb("group-commit-resume");
    await db.open();
    const hub = fakeHub(new Set(["r2"]));
    // 1. The first tab: r1 finishes, r2 is on the runner; their events are held, never written (the tab dies).
    const first = host(db.name, hub.executor, true);
    expect(await first.runHost.start({ runId: "run-held", flow: mixed, input: null })).toEqual({ ok: true, value: undefined });
    await expect.poll(() => hub.executions()["run-held:r2:1"]).toBe(1);
    const stored = await first.store.read("run-held");
    expect(nodeEvents(stored, "r1")).toEqual(["node.started"]); // written with the trigger's result; r1's own result was held
    expect(nodeEvents(stored, "r2")).toEqual([]);
    // 2. A new tab resumes the run from what was written.
    const second = host(db.name, hub.executor, false);
    expect(await second.runHost.attach(mixed.id)).toMatchObject({ ok: true });
    await expect.poll(() => second.settledRuns).toContain("run-held");
    const log = await second.store.read("run-held");
    expect(log.at(-1)).toMatchObject({ type: "run.finished", status: "succeeded" });
    expect(nodeEvents(log, "after")).toEqual(["node.started", "node.succeeded"]);
    expect(hub.executions()).toEqual({ "run-held:r1:1": 1, "run-held:r2:1": 1 }); // each job ran once
  });
});
