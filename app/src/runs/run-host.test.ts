import "fake-indexeddb/auto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newQuickJSWASMModuleFromVariant } from "quickjs-emscripten-core";
import { createQuickJSSandbox, type Sandbox } from "@nexus-flow/shared/sandbox";
import type { Flow, RunEvent } from "@nexus-flow/shared";
import { flow } from "../../../shared/test-support/flow-builder.ts";
import { openDb } from "../storage/db.ts";
import { createIdbRunStore, type IdbRunStore } from "../storage/idb-run-store.ts";
import { connectRunDb } from "../storage/run-db.ts";
import { runLockName, type EventBatch } from "./engine-api.ts";
import { createEventRelay } from "./event-relay.ts";
import { systemClock } from "@nexus-flow/shared/platform";
import { createMemoryLocks } from "./locks.ts";
import { createRunHost } from "./run-host.ts";
import { applyBatch, type RunView } from "./run-view.ts";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = createQuickJSSandbox(await newQuickJSWASMModuleFromVariant(import("@jitl/quickjs-wasmfile-release-sync")));
});
afterAll(() => sandbox.dispose());

let dbCount = 0;

/**
 * A host as the worker builds it, over fake-indexeddb, in-memory locks and real timers.
 * `db` is the page's connection, which creates the database the worker's store writes to.
 */
function setup(locks = createMemoryLocks(), db = openDb(`run-host-${dbCount++}`)) {
  void db.open();
  const batches: EventBatch[] = [];
  const waiters: Array<() => void> = [];
  const relay = createEventRelay((delivered) => {
    batches.push(...delivered);
    for (const wake of waiters.splice(0)) wake();
  }, 10);
  const store = createIdbRunStore(connectRunDb(db.name));
  const host = createRunHost({ store, unfinishedRuns: (flowId) => store.unfinishedRuns(flowId), locks, clock: systemClock, services: async () => ({ sandbox }), relay });
  /** What the page would show: the batches of `runId` folded, once the run has settled. */
  async function settled(runId: string): Promise<RunView> {
    for (;;) {
      if (batches.some((batch) => batch.runId === runId && batch.settled)) break;
      await new Promise<void>((wake) => waiters.push(wake));
    }
    let view: RunView | undefined;
    for (const batch of batches.filter((b) => b.runId === runId)) view = applyBatch(view, batch) ?? view;
    return view!;
  }
  return { db, store, locks, host, batches, settled };
}

/** Writes a log as a host that then died would have left it. */
async function writeLog(store: IdbRunStore, runId: string, events: RunEvent[]): Promise<void> {
  const writer = await store.open(runId);
  await writer.append(events);
  await writer.close();
}

const types = (events: readonly RunEvent[], nodeId: string) => events.filter((event) => "nodeId" in event && event.nodeId === nodeId).map((event) => event.type);

// start ─▶ double ─▶ done
const doubling = flow("doubling").trigger().transform("double", "return { n: input.n * 2 }").noop("done").chain("start", "double", "done").build();

describe("run host (the engine worker's registry)", () => {
  it("starts a run, streams its events to the page and persists the same log to IndexedDB", async () => {
    const { host, store, locks, settled, db } = setup();
    const started = await host.start({ runId: "run-0", flow: doubling, input: { n: 21 } });
    expect(started).toEqual({ ok: true, value: undefined });
    const view = await settled("run-0");
    expect(view.state.status).toBe("succeeded");
    expect(view.state.nodes.done!.output).toEqual({ n: 42 });
    expect(view.live).toBe(false);
    expect(await store.read("run-0")).toEqual(view.events);
    expect(await db.runs.get("run-0")).toMatchObject({ flowId: "doubling", status: "succeeded" });
    expect(locks.held()).toEqual([]);
  });

  it("refuses an invalid flow with the validator's words, starting nothing", async () => {
    const { host, db } = setup();
    const broken: Flow = { ...doubling, edges: [...doubling.edges, { id: "dangling", source: "done", target: "nowhere" }] };
    const result = await host.start({ runId: "run-0", flow: broken, input: null });
    expect(result).toMatchObject({ ok: false, error: { code: "INVALID_FLOW", message: expect.stringContaining("edges[2]") } });
    expect(await db.runs.count()).toBe(0);
  });

  // start ─▶ double ─▶ wait (delay 300 ms) ─▶ done
  const delayed = flow("delayed").trigger().transform("double", "return { n: input.n * 2 }").node("wait", { type: "delay", config: { ms: 300 } }).noop("done").chain("start", "double", "wait", "done").build();

  function interruptedAtTheDelay(wakeAt: number): RunEvent[] {
    const at = wakeAt - 300;
    return [
      { type: "run.started", runId: "r1", flow: delayed, input: { n: 2 }, at },
      { type: "node.started", nodeId: "start", attempt: 1, at },
      { type: "node.succeeded", nodeId: "start", attempt: 1, output: { n: 2 }, at },
      { type: "node.started", nodeId: "double", attempt: 1, at },
      { type: "node.succeeded", nodeId: "double", attempt: 1, output: { n: 4 }, at },
      { type: "node.waiting", nodeId: "wait", attempt: 1, reason: "delay", until: wakeAt, at },
    ];
  }

  it("resumes an interrupted run from its log: finished nodes do not run again, the delay keeps its wake-up time", async () => {
    const { host, store, settled } = setup();
    const wakeAt = Date.now() + 300;
    await writeLog(store, "r1", interruptedAtTheDelay(wakeAt));
    const attached = await host.attach("delayed");
    expect(attached).toMatchObject({ ok: true, value: { elsewhere: [], live: [{ runId: "r1" }] } });
    const view = await settled("r1");
    expect(view.state.status).toBe("succeeded");
    expect(view.state.nodes.done!.output).toEqual({ n: 4 });
    const log = await store.read("r1");
    expect(types(log, "double")).toEqual(["node.started", "node.succeeded"]);
    const woke = log.find((event) => event.type === "node.succeeded" && event.nodeId === "wait")!;
    expect(woke.at).toBeGreaterThanOrEqual(wakeAt);
    expect(woke.at).toBeLessThan(wakeAt + 250);
  });

  it("leaves a run another tab holds alone, and takes it over once that tab lets go", async () => {
    const locks = createMemoryLocks();
    const { host, store, settled } = setup(locks);
    await writeLog(store, "r1", interruptedAtTheDelay(Date.now() + 300));
    const otherTab = (await locks.acquire(runLockName("r1")))!;
    expect(await host.attach("delayed")).toMatchObject({ ok: true, value: { live: [], elsewhere: ["r1"] } });
    expect(await host.attach("delayed")).toMatchObject({ ok: true, value: { live: [], elsewhere: ["r1"] } }); // queued once, not twice
    otherTab();
    expect((await settled("r1")).state.status).toBe("succeeded");
  });

  it("marks a run whose stored flow no longer validates as failed, instead of leaving it interrupted", async () => {
    const { host, store, db, settled } = setup();
    const log = interruptedAtTheDelay(Date.now());
    const stale = { ...delayed, nodes: delayed.nodes.map((node) => (node.id === "done" ? { ...node, type: "retired.type" } : node)) } as Flow;
    await writeLog(store, "r1", [{ ...(log[0] as Extract<RunEvent, { type: "run.started" }>), flow: stale }, ...log.slice(1)]);
    await host.attach("delayed");
    const view = await settled("r1");
    expect(view.fault?.message).toMatch(/^The run could not be resumed: the run log's flow is invalid/);
    expect(await db.runs.get("r1")).toMatchObject({ status: "failed" });
    expect(await store.unfinishedRuns("delayed")).toEqual([]);
  });

  // start ─▶ ok? (approval) ─▶ done
  const approving = flow("approving").trigger().node("ok", { type: "approval", config: { message: "Ship it?" } }).noop("done").chain("start", "ok", "done").build();

  it("routes an approval and a cancel to the live run; refuses a signal to a node that is not an approval", async () => {
    const { host, settled, batches } = setup();
    await host.start({ runId: "run-0", flow: approving, input: null });
    expect(await host.start({ runId: "run-0", flow: approving, input: null })).toMatchObject({ ok: false, error: { code: "INVALID_RUN_ID" } }); // in use
    await until(() => batches.some((batch) => batch.runId === "run-0" && batch.events.some((event) => event.type === "node.waiting")));
    expect(host.signal("run-0", "done", { approved: true })).toMatchObject({ ok: false, error: { code: "NOT_AN_APPROVAL" } });
    expect(host.signal("run-0", "ok", { approved: true })).toEqual({ ok: true, value: undefined });
    expect((await settled("run-0")).state.status).toBe("succeeded");

    await host.start({ runId: "run-1", flow: approving, input: null });
    expect(host.cancel("run-1")).toEqual({ ok: true, value: undefined });
    const cancelled = await settled("run-1");
    expect(cancelled.state.status).toBe("cancelled");
    expect(cancelled.state.nodes.ok!.status).toBe("cancelled");
    expect(host.cancel("run-1")).toMatchObject({ ok: false, error: { code: "RUN_NOT_LIVE" } });
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
