import { getQuickJS } from "quickjs-emscripten";
import type { QuickJSWASMModule } from "quickjs-emscripten-core";
import { beforeAll, describe, expect, it } from "vitest";
import { createCodeWorkerLoop, createQuickJSSandbox, type CodeScope, type ToCodeWorker } from "../sandbox/index.ts";
import { createSandboxPool, type CodeWorker, type SandboxPool } from "./sandbox-pool.ts";

const scope: CodeScope = { input: null, runId: "r", runInput: null, nodeOutput: () => undefined };
/** Busy for 100 ms of wall time: well past the 1 ms slice. The clock is read now and then: QuickJS asks its interrupt handler once per 10,000 jumps. */
const BUSY = "const end = Date.now() + 100; let turns = 0; do { for (let i = 0; i < 1000; i++) turns++; } while (Date.now() < end); return 'done'";

/**
 * A pool whose one "worker" runs its calls in this process (a second QuickJS sandbox), so a
 * test sees which calls left the lane. `cpuClock` stands in for the process's CPU time.
 */
function laneAndWorker(module: QuickJSWASMModule, cpuClock?: () => number, overtimeCapMs?: number, quickMs?: number) {
  const sent: string[] = [];
  const pool: SandboxPool = createSandboxPool({
    size: 1,
    inline: { sandbox: (options) => createQuickJSSandbox(module, {}, options), ...(cpuClock ? { cpuClock } : {}), ...(overtimeCapMs ? { overtimeCapMs } : {}), ...(quickMs ? { quickMs } : {}) },
    createWorker: (events, limits): CodeWorker => {
      const loop = createCodeWorkerLoop(createQuickJSSandbox(module, limits), (message) => events.message(message));
      queueMicrotask(() => events.message({ type: "ready" }));
      return {
        post: (message: ToCodeWorker) => {
          sent.push(...message.calls.map((call) => call.source));
          setTimeout(() => loop(message), 0);
        },
        terminate: () => {},
      };
    },
  });
  return { pool, sent };
}

describe("Inline lane: a slice is time on the CPU", () => {
  let module: QuickJSWASMModule;
  beforeAll(async () => {
    module = await getQuickJS();
    // Warm the module up: wasm compiles each function on its first call, which can take longer than a slice.
    const warm = createQuickJSSandbox(module);
    warm.runFunction(BUSY, scope);
    warm.dispose();
  });

  it("keeps a call on this thread when its wall time passed the slice but the process's CPU time did not (the OS preempted it)", async () => {
    const { pool, sent } = laneAndWorker(module, () => 0, 500); // no CPU spent: as if preempted all along
    await pool.ready();
    expect(await pool.runFunction(BUSY, scope)).toEqual({ ok: true, value: "done" });
    expect(sent).toEqual([]);
    pool.dispose();
  });

  it("sends a call to a worker once it has used its slice of CPU time", async () => {
    const { pool, sent } = laneAndWorker(module, () => performance.now()); // the thread was never preempted
    await pool.ready();
    expect(await pool.runFunction(BUSY, scope)).toEqual({ ok: true, value: "done" });
    expect(sent).toEqual([BUSY]);
    pool.dispose();
  });

  it("without a CPU clock, a slice is wall time", async () => {
    const { pool, sent } = laneAndWorker(module);
    await pool.ready();
    expect(await pool.runFunction(BUSY, scope)).toEqual({ ok: true, value: "done" });
    expect(sent).toEqual([BUSY]);
    pool.dispose();
  });

  it("stops a spinner after 50 ms of wall time (by default) even when the CPU clock says it is idle, and a worker gives it its full limit", async () => {
    const { pool, sent } = laneAndWorker(module, () => 0);
    await pool.ready();
    const started = performance.now();
    const result = await pool.runFunction("for (;;) {}", scope, { timeLimitMs: 300 });
    const ms = performance.now() - started;
    expect(result).toEqual({ ok: false, error: { code: "CODE_TIMEOUT", message: "Code exceeded its time limit of 300 ms", retryable: false } });
    expect(sent).toEqual(["for (;;) {}"]);
    expect(ms).toBeGreaterThanOrEqual(350);
    expect(ms).toBeLessThan(2000);
    pool.dispose();
  });

  it("never lets a call run past its own deadline on this thread, CPU time or not, nor start it over once that has passed", async () => {
    const { pool, sent } = laneAndWorker(module, () => 0);
    await pool.ready();
    const started = performance.now();
    const result = await pool.runFunction("for (;;) {}", scope, { timeLimitMs: 1000, attemptTimeoutMs: 5 });
    expect(result).toEqual({ ok: false, error: { code: "TIMEOUT", message: "attempt timed out after 5 ms", retryable: true } });
    expect(performance.now() - started).toBeLessThan(45);
    expect(sent).toEqual([]);
    pool.dispose();
  });
  it("reads the CPU clock only for a call that ran past its slice (a read costs 20-100 µs while other threads run)", async () => {
    let reads = 0;
    const sent: string[] = [];
    // A 20 ms slice, and quick meaning under 20 ms: on a loaded machine the quick calls must not
    // run past their slice by being preempted, nor look slow (a call's time counts the test's own
    // work since the last one) and be sent to the workers for that.
    const pool = createSandboxPool({
      size: 1,
      inline: { sandbox: (options) => createQuickJSSandbox(module, {}, options), sliceMs: 20, quickMs: 20, cpuClock: () => (reads++, performance.now()) },
      createWorker: (events, limits): CodeWorker => {
        const loop = createCodeWorkerLoop(createQuickJSSandbox(module, limits), (message) => events.message(message));
        queueMicrotask(() => events.message({ type: "ready" }));
        return { post: (message: ToCodeWorker) => (sent.push(...message.calls.map((call) => call.source)), void setTimeout(() => loop(message), 0)), terminate: () => {} };
      },
    });
    for (let i = 0; i < 200; i++) expect(await pool.runFunction("return input + 1", { ...scope, input: i })).toEqual({ ok: true, value: i + 1 });
    expect(reads).toBe(0);
    expect(await pool.runFunction(BUSY, scope)).toEqual({ ok: true, value: "done" });
    expect(reads).toBeGreaterThan(0);
    expect(sent).toEqual([BUSY]);
    pool.dispose();
  });

  it("gives a source whose previous call was quick the benefit of the doubt once; one that outgrows its slice twice in a row goes straight to the workers", async () => {
    // Quick means under 20 ms here: a loaded machine must not make the quick calls look slow.
    const { pool, sent } = laneAndWorker(module, () => performance.now(), undefined, 20);
    await pool.ready();
    const mixed = `if (input.slow) { ${BUSY.replace("return 'done'", "")} } return input.slow ? 'slow' : 'quick'`;
    // Each call in a turn of its own, as the engine's calls of one source mostly are.
    const call = async (slow: boolean) => (await new Promise((next) => setTimeout(next, 0)), pool.runFunction(mixed, { ...scope, input: { slow } }));
    expect(await call(false)).toEqual({ ok: true, value: "quick" });
    expect(await call(true)).toEqual({ ok: true, value: "slow" }); // outgrew: run again in the worker
    expect(sent).toHaveLength(1);
    expect(await call(false)).toEqual({ ok: true, value: "quick" }); // still here: it was quick before
    expect(sent).toHaveLength(1);
    expect(await call(true)).toEqual({ ok: true, value: "slow" });
    expect(await call(true)).toEqual({ ok: true, value: "slow" }); // twice in a row
    expect(sent).toHaveLength(3);
    expect(await call(false)).toEqual({ ok: true, value: "quick" }); // now in a worker for a while
    expect(sent).toHaveLength(4);
    pool.dispose();
  });

  it("starts as many workers as the calls that left the lane can use, not the whole pool", async () => {
    let started = 0;
    const pool = createSandboxPool({
      size: 3,
      inline: { sandbox: (options) => createQuickJSSandbox(module, {}, options), cpuClock: () => performance.now() },
      createWorker: (events, limits): CodeWorker => {
        started++;
        const loop = createCodeWorkerLoop(createQuickJSSandbox(module, limits), (message) => events.message(message));
        queueMicrotask(() => events.message({ type: "ready" }));
        return { post: (message: ToCodeWorker) => void setTimeout(() => loop(message), 0), terminate: () => {} };
      },
    });
    expect(await pool.runFunction("return 1", scope)).toEqual({ ok: true, value: 1 });
    expect(started).toBe(0); // answered on this thread
    expect(await pool.runFunction(BUSY, scope)).toEqual({ ok: true, value: "done" });
    expect(started).toBe(1); // one call outgrew its slice: one worker
    const spinners = await Promise.all([1, 2, 3].map((n) => pool.runFunction(`${BUSY.replace("'done'", "")} ${n}`, scope)));
    expect(spinners).toEqual([1, 2, 3].map((n) => ({ ok: true, value: n })));
    // Spinners waiting together get workers of their own, up to the pool's size.
    expect(started).toBeGreaterThan(1);
    expect(started).toBeLessThanOrEqual(3);
    pool.dispose();
  });
});
