/**
 * A diagnostic, not part of `npm run bench`: only the "import a 1,000-node file (Import
 * button) to drawn" measurement of app-canvas-moves.ts, RUNS times (default 5), each in a
 * fresh profile, started as the bench starts it (right after the dashboard shows).
 * CPU=1 also prints each run's main-thread CPU time over the measured span, which the
 * machine's load stretches far less than the span itself, and the service worker thread's
 * (its first install competing with the import: 0 once it waits for the page to go quiet). PROFILE=1 records a CPU profile
 * and a trace of the last run and prints the heaviest functions (self time) and trace events.
 * DIST=<dir> serves a build made elsewhere (another commit's, for a before/after); note that
 * the preview server deletes the directory it served when it closes.
 * SETTLE=<ms> waits that long before importing (the page idle first).
 * With PROFILE=1, TIMELINE=1 also prints the last run's timeline from the change event: the
 * page's and the workers' tasks, IndexedDB requests, frames and any performance.mark() (add
 * marks locally to see what the import awaits); MARKS=1 prints each run's marks.
 *   RUNS=5 CPU=1 npx tsx test/bench/import-probe.ts
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { ensureChromium, launchPersistent } from "../e2e/support/chromium.ts";
import { buildApp, serveApp } from "../e2e/support/app-server.ts";
import { importAndTime, windowSize } from "./app-canvas-moves.ts";

const runs = Number(process.env.RUNS ?? 5);
const profile = process.env.PROFILE === "1";
/** Where PROFILE=1 leaves the CPU profile, the trace and a copy of the build (its source maps, to read the profile). */
const out = process.env.PROFILE_OUT ?? mkdtempSync(join(tmpdir(), "nexus-import-profile-"));
ensureChromium();
// DIST=<dir>: serve a build made elsewhere (another commit's, for a before/after), not this tree's.
const dist = process.env.DIST ?? (await buildApp());
if (profile) cpSync(dist, `${out}/dist`, { recursive: true }); // source maps, to read the profile
const server = await serveApp(dist);
const results: number[] = [];
const cpuTotals: number[] = [];
try {
  for (let run = 0; run < runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), "nexus-import-probe-"));
    const context = await launchPersistent(dir);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(server.url); // as app-scenarios.ts's inFreshPage, then measureCanvasMoves
      await page.setViewportSize(windowSize);
      await page.goto(`${server.url}/#/`);
      await page.getByRole("button", { name: "New flow" }).first().waitFor();
      if (process.env.SETTLE) await page.waitForTimeout(Number(process.env.SETTLE));
      const last = profile && run === runs - 1;
      const cpu = process.env.CPU === "1" && !last ? await context.newCDPSession(page) : undefined;
      const cpuEvents: any[] = [];
      if (cpu) {
        cpu.on("Tracing.dataCollected", (e) => cpuEvents.push(...(e.value as any[])));
        await cpu.send("Tracing.start", { categories: "devtools.timeline,disabled-by-default-devtools.timeline", transferMode: "ReportEvents" });
      }
      const cdp = last ? await context.newCDPSession(page) : undefined;
      const events: any[] = [];
      if (cdp) {
        cdp.on("Tracing.dataCollected", (e) => events.push(...(e.value as any[])));
        await cdp.send("Profiler.enable");
        await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
        await cdp.send("Tracing.start", { categories: "blink,blink.user_timing,IndexedDB,devtools.timeline,disabled-by-default-devtools.timeline,v8.execute", transferMode: "ReportEvents" });
        await cdp.send("Profiler.start");
      }
      // FRAMES=1: a mark at each animation frame from the import on (with MARKS=1, to see which frame the import's steps land in).
      if (process.env.FRAMES) await page.evaluate(`(() => { let n = 0; const tick = () => { performance.mark("frame"); if (++n < 60) requestAnimationFrame(tick); }; requestAnimationFrame(tick); })()`);
      const ms = await importAndTime(page);
      results.push(ms);
      if (process.env.MARKS) console.log(await page.evaluate(`performance.getEntriesByType("mark").filter((m) => m.startTime >= window.__importStart).map((m) => m.name + " " + (m.startTime - window.__importStart).toFixed(0)).join(", ")`));
      if (process.env.DOM) console.log(await page.evaluate(`(() => { const out = {}; for (const el of document.querySelectorAll("body *")) { const region = el.closest("[class]")?.className.toString().split(" ")[0] ?? "?"; out[region] = (out[region] ?? 0) + 1; } return Object.entries(out).sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => v + " " + k).join("; "); })()`));
      let cpuNote = "";
      if (cpu) {
        const complete = new Promise((r) => cpu.once("Tracing.tracingComplete", r));
        await cpu.send("Tracing.end");
        await complete;
        const cpuMs = mainThreadCpu(cpuEvents, ms);
        cpuTotals.push(cpuMs);
        cpuNote = `, main-thread CPU ${cpuMs.toFixed(0)} ms, service worker thread ${mainThreadCpu(cpuEvents, ms, "ServiceWorker thread").toFixed(0)} ms`;
      }
      console.log(`run ${run + 1}: ${ms.toFixed(0)} ms${cpuNote}`);
      if (cdp) {
        const { profile: prof } = (await cdp.send("Profiler.stop")) as any;
        const complete = new Promise((r) => cdp.once("Tracing.tracingComplete", r));
        await cdp.send("Tracing.end");
        await complete;
        console.log(`profile, trace and build in ${out}`);
        writeFileSync(`${out}/import.cpuprofile`, JSON.stringify(prof));
        writeFileSync(`${out}/import-trace.json`, JSON.stringify(events));
        reportProfile(prof);
        reportTrace(events);
        if (process.env.TIMELINE === "1") reportTimeline(events);
      }
    } finally {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  await server.close();
}
const sorted = [...results].sort((a, b) => a - b);
console.log(`import → drawn, ms: ${sorted.map((v) => v.toFixed(0)).join(", ")} (median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)}); load ${loadavg().map((v) => v.toFixed(2)).join(" ")}`);

if (cpuTotals.length) console.log(`main-thread CPU, change → drawn, ms: ${[...cpuTotals].sort((a, b) => a - b).map((v) => v.toFixed(0)).join(", ")}`);

/**
 * Thread (CPU) time of the page's main-thread tasks (or another renderer thread's) from the
 * Import input's change event for `ms` (the measured span): unlike the span itself, not
 * stretched by waiting for a core.
 */
function mainThreadCpu(events: any[], ms: number, thread = "CrRendererMain"): number {
  const change = events.find((e) => e.name === "EventDispatch" && e.args?.data?.type === "change");
  if (!change) return Number.NaN;
  const named = events.find((e) => e.name === "thread_name" && e.args?.name === thread);
  if (!named) return thread === "CrRendererMain" ? Number.NaN : 0; // no service worker thread: none ran
  const end = change.ts + ms * 1000;
  let us = 0;
  for (const e of events) if (e.pid === named.pid && e.tid === named.tid && e.name === "RunTask" && e.ph === "X" && e.ts + (e.dur ?? 0) >= change.ts && e.ts <= end) us += e.tdur ?? 0;
  return us / 1000;
}

function reportProfile(prof: any): void {
  const byId = new Map<number, any>(prof.nodes.map((n: any) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i + 1] ?? 0));
  const byFn = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || "(anon)"} ${f.url.split("/").pop()}:${f.lineNumber}:${f.columnNumber}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
  }
  console.log("self time (ms):");
  for (const [k, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${(us / 1000).toFixed(1).padStart(7)}  ${k}`);
}

function reportTrace(events: any[]): void {
  const sums = new Map<string, number>();
  for (const e of events) if (e.ph === "X" && e.dur) sums.set(e.name, (sums.get(e.name) ?? 0) + e.dur);
  console.log("trace events, summed wall (ms):");
  for (const [k, us] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${(us / 1000).toFixed(1).padStart(7)}  ${k}`);
  const layouts = events.filter((e) => e.name === "Layout" && e.dur > 5000);
  for (const l of layouts) console.log(`  Layout ${(l.dur / 1000).toFixed(1)} ms`, JSON.stringify(l.args?.beginData ?? {}).slice(0, 200), JSON.stringify(l.args?.endData ?? {}).slice(0, 200));
}

/**
 * What happened when, from the Import input's change event: tasks of the page and the workers
 * (≥ 2 ms, with their biggest parts), IndexedDB requests answered, frames (layout, paint) and
 * performance marks. Waiting shows as gaps on the page's thread.
 */
function reportTimeline(events: any[]): void {
  const change = events.find((e) => e.name === "EventDispatch" && e.args?.data?.type === "change");
  if (!change) return;
  const threads = new Map(events.filter((e) => e.name === "thread_name").map((e) => [`${e.pid}:${e.tid}`, String(e.args.name)]));
  const rows: [number, string][] = [];
  const inside = (outer: any) => (e: any) => e.pid === outer.pid && e.tid === outer.tid && e.ph === "X" && e !== outer && e.ts >= outer.ts && e.ts + (e.dur ?? 0) <= outer.ts + outer.dur && e.dur > 1000;
  for (const e of events) {
    const thread = threads.get(`${e.pid}:${e.tid}`) ?? "?";
    if (e.ts < change.ts || e.ts > change.ts + 2e6) continue;
    const at = (label: string) => rows.push([e.ts, `${thread.padEnd(22)} ${label}`]);
    if (e.name === "RunTask" && e.ph === "X" && e.dur >= 2000 && /Renderer|Worker thread/.test(thread)) {
      const parts = events.filter(inside(e)).filter((k) => !/RunTask|RunMicrotasks|V8\.|AsyncTask|ThreadController/.test(k.name)).slice(0, 4);
      at(`task ${(e.dur / 1000).toFixed(1)} ms (CPU ${((e.tdur ?? 0) / 1000).toFixed(1)}) ${parts.map((k) => `${k.name}${k.args?.data?.functionName ? `(${k.args.data.functionName})` : ""} ${(k.dur / 1000).toFixed(1)}`).join("; ")}`);
    } else if (e.cat?.includes("user_timing") && (e.ph === "R" || e.ph === "I" || e.ph === "n")) at(`mark ${e.name}`);
    else if (e.name === "IDBRequest::dispatchEvent" && e.ph === "X") at(`IndexedDB answer ${(e.dur / 1000).toFixed(1)} ms`);
    else if (/^(Layout|Paint)$/.test(e.name) && e.ph === "X" && e.dur > 1000 && thread === "CrRendererMain") at(`${e.name} ${(e.dur / 1000).toFixed(1)} ms`);
  }
  console.log("timeline from the change event (ms):");
  for (const [ts, text] of rows.sort((a, b) => a[0] - b[0])) console.log(`  ${((ts - change.ts) / 1000).toFixed(1).padStart(7)}  ${text}`);
}
