/**
 * A diagnostic, not part of `npm run bench`: the wheel phase of app-canvas-moves.ts alone
 * (64 % ↔ 21 % twice, deltaY ±40 every 16 ms) and the settle after it, RUNS times (default 3),
 * printing the same interval figures as the bench. With TRACE=1 each run is traced and every
 * frame interval over LONG ms (default 45) is broken down: what the renderer's main thread ran
 * in it (tasks and their rendering steps, GC), the raster workers' RasterTask time, and the
 * compositor's and display compositor's busiest events, so a long frame has a named cause.
 *   APP=<built app dir> RUNS=4 TRACE=1 npx tsx test/bench/wheel-frames.ts
 * Without TRACE, the long frames are listed with the canvas's state before → after each (see
 * `frameStates`): which frames are long while the overview stands, while cards are still coming
 * (edges held back, bands concealed), or while bands are revealed.
 * APP skips the build (a copy is served), so two builds can be run alternately (A/B).
 * PROFILE=<prefix> writes a JS CPU profile of the wheel phase to <prefix>.wheel.cpuprofile;
 * TRACE_OUT=<file> the trace's events; CATEGORIES replaces the trace categories; PRE=<script> runs
 * in the page before the wheel (a style to inject, say); STATES=1 prints the settle's states.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { ensureChromium, launchPersistent } from "../e2e/support/chromium.ts";
import { buildApp, serveApp } from "../e2e/support/app-server.ts";
import { untilCardsSettle } from "./app-canvas-moves.ts";
import { openAt64, zoomLevel, type TraceEvent } from "./probe-support.ts";

const categories = process.env.CATEGORIES ?? "cc,blink,devtools.timeline,viz,v8,disabled-by-default-v8.gc";
const long = Number(process.env.LONG ?? 45);
/** Per phase, per frame: the overview (O: standing for the cards, o: under them, -: gone), E: edges held back, concealed/all bands:cards on the page. */
const frameStates = new Map<string, string[]>();

async function wheelSteps(page: Page, deltaY: number, count: number): Promise<void> {
  for (let i = 0; i < count; i++) (await page.mouse.wheel(0, deltaY), await page.waitForTimeout(16));
}

/** rAF times (performance.now) and the trace clock's offset, while `act` runs. */
async function framesDuring(page: Page, phase: string, act: () => Promise<unknown>): Promise<number[]> {
  await page.evaluate(`(() => {
    console.timeStamp("wheel:${phase}:" + performance.now());
    const times = (window.__wf = []);
    window.__wfOn = true;
    const states = (window.__wfStates = []);
    const state = () => (document.querySelector(".canvas-overview[aria-label]") ? "O" : document.querySelector(".canvas-overview") ? "o" : "-") + (document.querySelector(".edges-off") ? "E" : "") + document.querySelectorAll(".canvas-band.concealed").length + "/" + document.querySelectorAll(".canvas-band").length + ":" + document.querySelectorAll("[data-node-id]").length;
    const tick = (now) => { times.push(now); states.push(state()); if (window.__wfOn) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  await act();
  await page.waitForTimeout(100);
  const { times, states } = (await page.evaluate(`(() => { window.__wfOn = false; return { times: window.__wf, states: window.__wfStates }; })()`)) as { times: number[]; states: string[] };
  frameStates.set(phase, states);
  return times;
}

function figures(times: readonly number[]) {
  const intervals = times.slice(1).map((t, i) => t - times[i]!);
  const sorted = [...intervals].sort((a, b) => a - b);
  const at = (q: number) => +(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN).toFixed(1);
  return { p50: at(0.5), p95: at(0.95), worst: +(sorted.at(-1) ?? NaN).toFixed(1), frames: intervals.length };
}

/** The frames over LONG ms: interval, and the state before → after. */
function longFrames(phase: string, times: readonly number[]): string {
  const states = frameStates.get(phase) ?? [];
  return times.slice(1).map((t, i) => ({ i: i + 1, ms: t - times[i]! })).filter(({ ms }) => ms >= long).map(({ i, ms }) => `#${i} ${ms.toFixed(0)} [${states[i - 1]}→${states[i]}]`).join(", ");
}

/** Per long frame: where the time went, on each thread. */
function breakdown(events: readonly TraceEvent[], phase: string, times: readonly number[]): void {
  const mark = events.find((e) => e.name === "TimeStamp" && e.args?.data?.message?.startsWith(`wheel:${phase}:`));
  if (!mark) return;
  const offset = mark.ts - Number(mark.args!.data!.message!.split(":")[2]) * 1000; // trace µs = now ms × 1000 + offset
  const threadNames = new Map(events.filter((e) => e.ph === "M" && e.name === "thread_name").map((e) => [`${e.pid}:${e.tid}`, e.args?.name ?? "?"]));
  const complete = events.filter((e) => e.ph === "X" && e.dur !== undefined);
  const sum = (name: string) => complete.filter((e) => e.name === name && e.ts >= times[0]! * 1000 + offset && e.ts <= times.at(-1)! * 1000 + offset).reduce((t, e) => t + (e.tdur ?? e.dur!) / 1000, 0);
  console.log(`  ${phase} CPU ms: ${["RasterTask", "Paint", "PrePaint", "Layerize", "UpdateLayoutTree", "Layout", "FunctionCall", "Display::DrawAndSwap"].map((n) => `${n} ${sum(n).toFixed(0)}`).join(", ")}`);
  for (let i = 1; i < times.length; i++) {
    const ms = times[i]! - times[i - 1]!;
    if (ms < long) continue;
    const from = times[i - 1]! * 1000 + offset;
    const to = times[i]! * 1000 + offset;
    const inside = complete.filter((e) => e.ts < to && e.ts + e.dur! > from);
    const byThread = new Map<string, Map<string, number>>();
    for (const e of inside) {
      const thread = (threadNames.get(`${e.pid}:${e.tid}`) ?? "?").replace(/\d+$/, "");
      const clipped = (Math.min(to, e.ts + e.dur!) - Math.max(from, e.ts)) / 1000;
      const sums = byThread.get(thread) ?? new Map<string, number>();
      sums.set(e.name, (sums.get(e.name) ?? 0) + clipped);
      byThread.set(thread, sums);
    }
    console.log(`  ${phase} frame #${i} at +${(times[i - 1]! - times[0]!).toFixed(0)} ms: ${ms.toFixed(1)} ms  [${frameStates.get(phase)?.[i - 1]} → ${frameStates.get(phase)?.[i]}]`);
    for (const [thread, sums] of byThread) {
      const top = [...sums].filter(([name]) => name !== "ThreadControllerImpl::RunTask" && name !== "RunTask").sort((a, b) => b[1] - a[1]).slice(0, 9);
      if (top[0] && top[0][1] >= 3) console.log(`    ${thread.padEnd(24)} ${top.map(([n, v]) => `${n} ${v.toFixed(0)}`).join(", ")}`);
    }
  }
}

ensureChromium();
const copy = process.env.APP ? mkdtempSync(join(tmpdir(), "nexus-wheel-app-")) : undefined;
if (copy) cpSync(process.env.APP!, copy, { recursive: true });
const server = await serveApp(copy ?? (await buildApp()));
try {
  for (let run = 0; run < Number(process.env.RUNS ?? 3); run++) {
    const profile = mkdtempSync(join(tmpdir(), "nexus-wheel-chromium-"));
    const context = await launchPersistent(profile);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await openAt64(page, server.url);
      await page.waitForTimeout(500);
      if (process.env.PRE) await page.evaluate(process.env.PRE);
      const cdp = process.env.TRACE ? await context.newCDPSession(page) : undefined;
      const events: TraceEvent[] = [];
      cdp?.on("Tracing.dataCollected", (event) => events.push(...(event.value as unknown as TraceEvent[])));
      const complete = cdp && new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
      const profiler = process.env.PROFILE ? await context.newCDPSession(page) : undefined;
      if (profiler) (await profiler.send("Profiler.enable"), await profiler.send("Profiler.setSamplingInterval", { interval: 200 }), await profiler.send("Profiler.start"));
      await cdp?.send("Tracing.start", { categories, transferMode: "ReportEvents" });
      const load = loadavg()[0]!.toFixed(1);
      const wheel = await framesDuring(page, "wheel", async () => {
        for (let round = 0; round < 2; round++) (await wheelSteps(page, 40, 20), await wheelSteps(page, -40, 20));
      });
      if (profiler) writeFileSync(`${process.env.PROFILE}.wheel.cpuprofile`, JSON.stringify((await profiler.send("Profiler.stop")).profile));
      let settleMs = 0;
      const settle = await framesDuring(page, "settle", async () => (settleMs = (await untilCardsSettle(page)).ms));
      if (cdp) (await cdp.send("Tracing.end"), await complete);
      console.log(JSON.stringify({ run, load, wheel: figures(wheel), settle: figures(settle), settleMs: Math.round(settleMs) }));
      if (process.env.STATES) console.log("settle states:", frameStates.get("settle")?.join(" "));
      if (!events.length) for (const [phase, times] of [["wheel", wheel], ["settle", settle]] as const) console.log(`  ${phase} long: ${longFrames(phase, times)}`);
      if (process.env.TRACE_OUT) writeFileSync(process.env.TRACE_OUT, JSON.stringify(events));
      if (events.length) (breakdown(events, "wheel", wheel), breakdown(events, "settle", settle));
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
} finally {
  await server.close();
  if (copy) rmSync(copy, { recursive: true, force: true });
}
