import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createQuickJSSandbox, type SyncSandbox } from "@nexus-flow/shared/sandbox";
import { loadLaneModule } from "./lane-module.ts";
import { switchingSandbox } from "./switching-sandbox.ts";

const fixture = fileURLToPath(new URL("./fixtures/lane-tiering.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../../../node_modules/tsx/dist/loader.mjs", import.meta.url));
const scope = { input: { n: 2 }, runId: "r", runInput: null, nodeOutput: () => undefined };

/**
 * How many large wasm functions V8 compiled to optimized code while `which` module ran 5,000
 * quick calls: QuickJS's interpreter loop is 29 KB; the module loaders' small wasm lexers,
 * which may be optimized too, have no function of 10 KB.
 */
function optimizedCompiles(which: "lane" | "usual"): { result: string; turbofan: number } {
  const out = execFileSync(process.execPath, ["--import", tsx, "--trace-wasm-compilation-times", fixture, which], { encoding: "utf8", maxBuffer: 1 << 26, env: { ...process.env, NODE_OPTIONS: "" } });
  return { result: /^RESULT (.*)$/m.exec(out)?.[1] ?? "", turbofan: out.split("\n").filter((line) => line.includes("using TurboFan") && Number(/bodysize (\d+)/.exec(line)?.[1]) >= 10_000).length };
}

describe("the in-thread lane's QuickJS module: baseline code only", () => {
  it("runs code as the usual module does", async () => {
    const module = await loadLaneModule();
    expect(module).toBeDefined();
    const sandbox = createQuickJSSandbox(module!);
    expect(sandbox.runFunction("return { n: input.n * 21 }", scope)).toEqual({ ok: true, value: { n: 42 } });
    expect(sandbox.runFunction("throw new Error('no')", scope)).toMatchObject({ ok: false, error: { code: "CODE_ERROR", message: "no" } });
    expect(createQuickJSSandbox(module!, { timeLimitMs: 50 }).runFunction("for (;;) {}", scope)).toMatchObject({ ok: false, error: { code: "CODE_TIMEOUT" } });
    sandbox.dispose();
  });

  it("is never optimized by V8, while the usual module with the same calls is", () => {
    const lane = optimizedCompiles("lane");
    const usual = optimizedCompiles("usual");
    expect(lane.result).toBe(usual.result);
    expect(lane.result).toContain('"v":1225');
    expect(lane.turbofan).toBe(0);
    expect(usual.turbofan).toBeGreaterThan(0);
  });
});

describe("switchingSandbox: the lane moves to the module that tiers up once it has run long", () => {
  const fake = (name: string, log: string[]): SyncSandbox => ({
    runFunction: (body) => (log.push(`${name}:${body}`), { ok: true, value: name }),
    evaluate: (expression) => (log.push(`${name}:${expression}`), { ok: true, value: name }),
    dispose: () => void log.push(`${name}:disposed`),
  });

  it("answers from the first sandbox until its calls took the time, then from the next one", async () => {
    const log: string[] = [];
    const sandbox = switchingSandbox(fake("first", log), async () => fake("next", log), 0);
    expect(sandbox.runFunction("a", scope)).toEqual({ ok: true, value: "first" });
    await Promise.resolve();
    await Promise.resolve();
    expect(sandbox.evaluate("b", scope)).toEqual({ ok: true, value: "next" });
    sandbox.dispose();
    expect(log).toEqual(["first:a", "first:disposed", "next:b", "next:disposed"]);
  });

  it("reads the CPU clock only once the wall-clock estimate reaches the time, then switches by CPU time alone", async () => {
    const log: string[] = [];
    let cpuReads = 0;
    let cpu = 0;
    let tick = 0;
    const cpuClock = () => (cpuReads++, (cpu += tick));
    // Each call takes 0.05 ms of wall time, and every 16th is timed and counts for 16:
    // 500 calls are ~25 ms by the wall clock, and at most 512 ms however loaded the machine.
    const slow: SyncSandbox = { ...fake("first", log), runFunction: (body) => (busyWait(0.05), log.push(`first:${body}`), { ok: true, value: "first" }) };
    const sandbox = switchingSandbox(slow, async () => fake("next", log), 1_000, cpuClock);
    for (let i = 0; i < 500; i++) sandbox.runFunction("a", scope);
    expect(cpuReads).toBe(0); // under 1 s by the wall clock, so under it by CPU time too
    const crossing = switchingSandbox(slow, async () => fake("next", log), 10, cpuClock);
    for (let i = 0; i < 500; i++) crossing.runFunction("a", scope);
    expect(cpuReads).toBeGreaterThan(0); // past 10 ms by the wall clock: from then on timed by the CPU clock
    await Promise.resolve();
    for (let i = 0; i < 32; i++) expect(crossing.runFunction("b", scope)).toEqual({ ok: true, value: "first" }); // no CPU time spent
    tick = 1; // each timed call now takes 1 ms of CPU time, 16 ms as counted: past the 5 ms left
    for (let i = 0; i < 16; i++) crossing.runFunction("c", scope);
    await Promise.resolve();
    await Promise.resolve();
    expect(crossing.runFunction("d", scope)).toEqual({ ok: true, value: "next" });
    sandbox.dispose();
    crossing.dispose();
  });

  it("keeps the first sandbox when the next one cannot be made, and disposes a late one", async () => {
    const log: string[] = [];
    const failing = switchingSandbox(fake("first", log), () => Promise.reject(new Error("no module")), 0);
    failing.runFunction("a", scope);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(failing.runFunction("b", scope)).toEqual({ ok: true, value: "first" });
    let arrive!: (sandbox: SyncSandbox) => void;
    const late = switchingSandbox(fake("early", log), () => new Promise((resolve) => (arrive = resolve)), 0);
    late.runFunction("c", scope);
    late.dispose();
    arrive(fake("late", log));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log.slice(-3)).toEqual(["early:c", "early:disposed", "late:disposed"]);
  });
});

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}
