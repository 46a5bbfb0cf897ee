/**
 * A diagnostic, not part of `npm run bench`: runs only the editing scenario (app-editing.ts)
 * against a production build and, with PROFILE=1, records a V8 CPU profile of each gesture and
 * prints its heaviest functions by self time (the build is left unminified so names read).
 *   PROFILE=1 npx tsx test/bench/app-editing-profile.ts
 * KEEP=1 keeps the build and prints where; DISTS=before,after RUNS=3 measures kept builds in turns.
 * CPU=1 prints each gesture's main-thread CPU from a trace; BREAKDOWN=1 adds it by trace event.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, preview } from "vite";
import { ensureChromium, launchPersistent } from "../e2e/support/chromium.ts";
import { measureEditing, type GestureProbe } from "./app-editing.ts";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const appRoot = fileURLToPath(new URL("../../app/", import.meta.url));
const runs = Number(process.env.RUNS ?? 1);
// DISTS=dir1,dir2 measures builds made earlier (say, before and after a change), taking turns.
const dists = process.env.DISTS?.split(",") ?? [await buildFor(mkdtempSync(join(tmpdir(), "nexus-app-profile-")))];
ensureChromium();
for (let run = 0; run < runs; run++) {
  for (const dist of dists) {
    const before = loadavg()[0]!.toFixed(1);
    const figures = await measureOnce(dist);
    const rounded = Object.fromEntries(Object.entries(figures).map(([name, ms]) => [name, Math.round(ms)]));
    console.log(`${dist} load ${before} → ${loadavg()[0]!.toFixed(1)}`, JSON.stringify(rounded));
  }
}

async function buildFor(outDir: string): Promise<string> {
  process.env.NODE_ENV = "production";
  await build({ root: appRoot, configFile: `${appRoot}vite.config.ts`, mode: "production", logLevel: "warn", build: { outDir, emptyOutDir: true, minify: process.env.PROFILE ? false : "esbuild" } });
  if (process.env.KEEP) console.log(`built into ${outDir}`);
  return outDir;
}

async function measureOnce(dist: string) {
  const server = await serveKept(dist);
  const profileDir = mkdtempSync(join(tmpdir(), "nexus-bench-chromium-"));
  const context = await launchPersistent(profileDir);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    const cdp = await context.newCDPSession(page);
    const cpu: Record<string, number> = {};
    const probe: GestureProbe | undefined = process.env.CPU
      ? tracedCpu(cdp, cpu)
      : process.env.PROFILE
      ? {
          start: async () => {
            await cdp.send("Profiler.enable");
            await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
            await cdp.send("Profiler.start");
          },
          stop: async (name) => {
            const { profile } = (await cdp.send("Profiler.stop")) as unknown as { profile: Profile };
            printTop(name, profile);
            // SAVE=dir keeps each profile (open it in DevTools' Performance panel).
            if (process.env.SAVE) writeFileSync(join(process.env.SAVE, `${name}.cpuprofile`), JSON.stringify(profile));
          },
        }
      : undefined;
    const figures = await measureEditing(page, server.url, probe);
    if (process.env.CPU) console.log("  main-thread CPU ms (trace tdur of top-level tasks, gesture window):", JSON.stringify(cpu));
    return figures;
  } finally {
    await context.close();
    await server.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
}

/** Serves a build and leaves it in place (KEEP, DISTS: it is measured again). */
async function serveKept(dist: string) {
  const server = await preview({ root: appRoot, configFile: `${appRoot}vite.config.ts`, logLevel: "warn", build: { outDir: dist }, preview: { host: "127.0.0.1", port: 0, strictPort: false } });
  const address = server.httpServer.address();
  if (!address || typeof address === "string") throw new Error("preview server has no port");
  return { url: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { name?: string };
}

/**
 * CPU=1: the main thread's CPU time over each gesture's window, from a Chromium trace (thread
 * time of its top-level tasks): unlike TaskDuration it is not stretched by waiting for a core,
 * so before/after comparisons hold on a loaded machine.
 */
function tracedCpu(cdp: import("playwright-core").CDPSession, out: Record<string, number>): GestureProbe {
  let events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", (event) => events.push(...(event.value as unknown as TraceEvent[])));
  return {
    start: async () => {
      events = [];
      await cdp.send("Tracing.start", { categories: "toplevel,devtools.timeline", transferMode: "ReportEvents" });
    },
    stop: async (name) => {
      const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
      await cdp.send("Tracing.end");
      await complete;
      const main = events.find((event) => event.name === "thread_name" && event.args?.name === "CrRendererMain");
      const total = events.filter((event) => main && event.pid === main.pid && event.tid === main.tid && event.ph === "X" && (event.name === "ThreadControllerImpl::RunTask" || event.name === "RunTask") && event.tdur).reduce((sum, event) => sum + event.tdur! / 1000, 0);
      out[name] = Math.round(total);
      if (main && process.env.BREAKDOWN) printBreakdown(name, events.filter((event) => event.pid === main.pid && event.tid === main.tid && event.ph === "X" && event.tdur !== undefined));
    },
  };
}

function printTop(name: string, profile: Profile): void {
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === "(idle)" || frame.functionName === "(program)") return;
    const key = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop()}:${frame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`\n${name}: ${total.toFixed(0)} ms of samples`);
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${ms.toFixed(1).padStart(7)}  ${key}`);
}

/**
 * BREAKDOWN=1 (with CPU=1): the main thread's thread time by trace event, each event less its
 * children (script, style, layout, paint, commit, GC…), to see where a gesture's time goes.
 */
function printBreakdown(gesture: string, events: readonly TraceEvent[]): void {
  const sorted = [...events].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: TraceEvent[] = [];
  const add = (event: TraceEvent, ms: number) => self.set(event.name, (self.get(event.name) ?? 0) + ms);
  for (const event of sorted) {
    while (stack.length && stack.at(-1)!.ts + (stack.at(-1)!.dur ?? 0) <= event.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) add(parent, -event.tdur! / 1000);
    add(event, event.tdur! / 1000);
    stack.push(event);
  }
  const top = [...self].filter(([, ms]) => ms >= 1).sort((a, b) => b[1] - a[1]).slice(0, 14);
  console.log(`  ${gesture}: ${top.map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(", ")}`);
}
