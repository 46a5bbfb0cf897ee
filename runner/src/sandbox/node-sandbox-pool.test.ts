import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRun, type RunEvent } from "@nexus-flow/shared";
import { systemClock } from "@nexus-flow/shared/platform";
import type { SandboxPool } from "@nexus-flow/shared/platform";
import { flow } from "../../../shared/test-support/flow-builder.ts";
import { loadQuickJSModule } from "./load-quickjs.ts";
import { createSandboxPool } from "@nexus-flow/shared/platform";
import { createNodeSandboxPool, startNodeCodeWorker } from "./node-sandbox-pool.ts";

const scope = { input: null, runId: "r", runInput: null, nodeOutput: () => undefined };

function runLogged(compiled: ReturnType<ReturnType<typeof flow>["compile"]>, sandbox: SandboxPool) {
  const log: RunEvent[] = [];
  const handle = startRun({ compiled, runId: "r", input: null }, { clock: systemClock, sink: { append: (events) => void log.push(...events) }, services: { sandbox } }, { concurrency: 16 });
  return { log, done: handle.done, at: (type: RunEvent["type"], nodeId: string) => log.find((e) => e.type === type && "nodeId" in e && e.nodeId === nodeId)?.at };
}

describe("Node sandbox pool: user code never holds the engine's thread", () => {
  let pool: SandboxPool;
  beforeAll(async () => {
    pool = createNodeSandboxPool({ workers: 4, inline: { module: await loadQuickJSModule() } });
    await pool.ready();
  });
  afterAll(() => pool.dispose());

  //   s ─► t1 … t4 (for(;;){}) : four spinning transforms side by side
  it("T2: four parallel spinning transforms with a 1 s limit all fail at about 1 s, not one after another", async () => {
    const builder = flow().trigger("s");
    for (const id of ["t1", "t2", "t3", "t4"]) builder.transform(id, "for (;;) {}", { onError: "continue" }).edge("s", id);
    const { done, at, log } = runLogged(builder.compile(), pool);
    const state = await done;
    for (const id of ["t1", "t2", "t3", "t4"]) {
      expect(state.nodes[id]!.output).toMatchObject({ error: { code: "CODE_TIMEOUT" } });
      const elapsed = at("node.failed", id)! - log[0]!.at;
      expect(elapsed).toBeGreaterThanOrEqual(1000);
      expect(elapsed).toBeLessThan(2500); // one after another, the last would fail at 4 s
    }
  });

  //   s ─► spin (for(;;){})
  //   └──► wait (delay 100 ms) ─► after
  it("D1: a 100 ms delay beside a spinning transform fires on time, and timers keep ticking", async () => {
    const compiled = flow()
      .trigger("s")
      .transform("spin", "for (;;) {}")
      .node("wait", { type: "delay", config: { ms: 100 } })
      .noop("after")
      .chain("s", "spin")
      .chain("s", "wait", "after")
      .compile();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const { done, at, log } = runLogged(compiled, pool);
    await done;
    clearInterval(ticker);
    const runStarted = log[0]!.at;
    expect(at("node.succeeded", "wait")! - runStarted).toBeLessThan(400);
    expect(at("node.succeeded", "after")! - runStarted).toBeLessThan(400);
    expect(at("node.failed", "spin")! - runStarted).toBeGreaterThanOrEqual(1000);
    expect(ticks).toBeGreaterThan(30); // ~100 ticks in 1 s; a blocked thread gets none
  });

  //   s ─► t0 ─► t1 ─► … ─► t1999 (each far under the 1 ms in-thread slice)
  it("lets the event loop turn during a long chain of quick transforms run on this thread", async () => {
    const builder = flow().trigger("s");
    const ids = Array.from({ length: 2000 }, (_, i) => `t${i}`);
    for (const id of ids) builder.transform(id, "let n = 0; for (let i = 0; i < 100; i++) n += i; return n + input");
    const compiled = builder.chain("s", ...ids).compile();
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const state = await runLogged(compiled, pool).done;
    ticking = false;
    expect(state.status).toBe("succeeded");
    // All in microtasks, the chain would let no turn through; the slice's 5 ms budget per turn does.
    expect(turns).toBeGreaterThanOrEqual(2);
  });

  it("runs a lone quick call on this thread, and answers spinning ones from a worker", async () => {
    const quick = await pool.runFunction("return 1 + 1", scope);
    expect(quick).toEqual({ ok: true, value: 2 });
    let ticked = false;
    const tick = setTimeout(() => (ticked = true), 20);
    const slow = await pool.runFunction("const end = Date.now() + 150; while (Date.now() < end) {} return 'done'", scope);
    clearTimeout(tick);
    expect(slow).toEqual({ ok: true, value: "done" });
    expect(ticked).toBe(true);
  });
});

describe("Node sandbox pool: memory", () => {
  it("T2: replaces a worker whose call ran out of memory, since wasm memory never shrinks", async () => {
    let started = 0;
    const codeWorkerUrl = new URL("./code-worker.mjs", import.meta.url);
    const pool = createSandboxPool({ size: 1, createWorker: (events, limits) => (started++, startNodeCodeWorker(codeWorkerUrl, events, limits)) });
    await pool.ready();
    expect(await pool.runFunction("return input", { ...scope, input: 1 })).toEqual({ ok: true, value: 1 });
    expect(started).toBe(1);
    const hog = "const kept = []; for (;;) kept.push(new Uint8Array(1e6))";
    expect(await pool.runFunction(hog, scope, { timeLimitMs: 20_000 })).toMatchObject({ ok: false, error: { code: "CODE_MEMORY" } });
    expect(started).toBe(2);
    expect(await pool.runFunction("return input", { ...scope, input: 2 })).toEqual({ ok: true, value: 2 });
    pool.dispose();
  });
});

describe("Node sandbox pool: a worker that never answers", () => {
  const stuckWorkerUrl = new URL("./fixtures/stuck-worker.mjs", import.meta.url);

  it("is terminated past its call's deadline and replaced; the call fails with its time limit, the calls behind it run", async () => {
    const pool = createNodeSandboxPool({ workers: 1, inline: false, workerUrl: stuckWorkerUrl });
    await pool.ready();
    const first = (await pool.runFunction("before", scope)) as { ok: true; value: number };
    const started = Date.now();
    const [hung, behind, attempt] = await Promise.all([
      pool.runFunction("hang", scope, { timeLimitMs: 100 }),
      pool.runFunction("behind", scope),
      pool.runFunction("hang", scope, { timeLimitMs: 100, attemptTimeoutMs: 50 }),
    ]);
    expect(hung).toEqual({ ok: false, error: { code: "CODE_TIMEOUT", message: "Code exceeded its time limit of 100 ms", retryable: false } });
    expect(attempt).toEqual({ ok: false, error: { code: "TIMEOUT", message: "attempt timed out after 50 ms", retryable: true } });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(behind).toMatchObject({ ok: true });
    expect((behind as { value: number }).value).not.toBe(first.value); // answered by a new thread
    pool.dispose();
  });

  it("fails calls with a clear error when its worker cannot start at all", async () => {
    const pool = createNodeSandboxPool({ workers: 1, inline: false, workerUrl: new URL("./fixtures/missing-worker.mjs", import.meta.url) });
    const result = await pool.runFunction("return 1", scope);
    expect(result).toMatchObject({ ok: false, error: { code: "INTERNAL" } });
    expect(!result.ok && result.error.message).toMatch(/^User code cannot run: its worker fails to start/);
    pool.dispose();
  });
});
