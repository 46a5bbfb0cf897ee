/**
 * A diagnostic, not part of `npm run bench`: runs only the canvas-moves scenario
 * (app-canvas-moves.ts: wheel zoom across the level of detail, drags at 64 %) RUNS times
 * (default 1) and, with TRACE=1, records a Chromium trace of the whole scenario and prints,
 * per measured phase (wheel zoom, node drag, Space pan, edge drag), the summed thread (CPU)
 * time of its busiest trace events (RasterTask, Paint, UpdateLayoutTree, FunctionCall…), in
 * ms, and the renderer main thread's longest tasks with what they spent their time on.
 * Frame intervals swing 2–3× with the machine's load; these CPU totals say more about a
 * rendering change.
 *   TRACE=1 npx tsx test/bench/canvas-raster-trace.ts
 * TRACE_OUT=<file> also writes the trace's events there (JSON), for a closer look.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { ensureChromium, launchPersistent } from "../e2e/support/chromium.ts";
import { buildApp, serveApp } from "../e2e/support/app-server.ts";
import { measureCanvasMoves, type MoveFigures } from "./app-canvas-moves.ts";
import type { TraceEvent } from "./probe-support.ts";

const categories = "cc,disabled-by-default-cc.debug,blink,devtools.timeline,disabled-by-default-devtools.timeline,viz,v8.execute";

async function traced(context: BrowserContext, page: Page, act: () => Promise<MoveFigures>): Promise<{ figures: MoveFigures; events: TraceEvent[] }> {
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", (event) => events.push(...(event.value as unknown as TraceEvent[])));
  const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.start", { categories, transferMode: "ReportEvents" });
  const figures = await act();
  await cdp.send("Tracing.end");
  await complete;
  return { figures, events };
}

/** The phases marked by app-canvas-moves.ts (console.timeStamp `bench:<phase>:start|end`). */
function phasesOf(events: readonly TraceEvent[]): Map<string, { start: number; end: number }> {
  const phases = new Map<string, { start: number; end: number }>();
  for (const event of events) {
    const match = event.name === "TimeStamp" ? /^bench:(.+):(start|end)$/.exec(event.args?.data?.message ?? "") : null;
    if (!match) continue;
    const phase = phases.get(match[1]!) ?? { start: 0, end: Infinity };
    phase[match[2] as "start" | "end"] = event.ts;
    phases.set(match[1]!, phase);
  }
  return phases;
}

function report(events: readonly TraceEvent[]): void {
  const mainThreads = new Set(events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`));
  const complete = events.filter((e) => e.ph === "X" && e.tdur !== undefined);
  for (const [phase, { start, end }] of phasesOf(events)) {
    const inside = complete.filter((e) => e.ts >= start && e.ts <= end);
    const totals = new Map<string, number>();
    for (const event of inside) totals.set(event.name, (totals.get(event.name) ?? 0) + event.tdur! / 1000);
    console.log(`\n== ${phase}: ${((end - start) / 1000).toFixed(0)} ms wall`);
    for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 18)) console.log(`${ms.toFixed(0).padStart(8)} ms CPU  ${name}`);
    const tasks = inside.filter((e) => e.name === "RunTask" && mainThreads.has(`${e.pid}:${e.tid}`)).sort((a, b) => b.dur! - a.dur!);
    for (const task of tasks.slice(0, 4)) {
      const inner = new Map<string, number>();
      for (const e of inside) {
        if (e === task || e.pid !== task.pid || e.tid !== task.tid || e.ts < task.ts || e.ts > task.ts + task.dur!) continue;
        inner.set(e.name, (inner.get(e.name) ?? 0) + e.dur! / 1000);
      }
      const top = [...inner].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(", ");
      console.log(`  long task ${(task.dur! / 1000).toFixed(0)} ms (cpu ${(task.tdur! / 1000).toFixed(0)}): ${top}`);
    }
  }
}

ensureChromium();
const server = await serveApp(await buildApp());
try {
  for (let run = 0; run < Number(process.env.RUNS ?? 1); run++) {
    const profile = mkdtempSync(join(tmpdir(), "nexus-bench-chromium-"));
    const context = await launchPersistent(profile);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(server.url);
      const loadBefore = loadavg()[0]!;
      const act = () => measureCanvasMoves(page, server.url);
      const { figures, events } = process.env.TRACE ? await traced(context, page, act) : { figures: await act(), events: [] };
      const { wheelZoom, zoomSettle, settleMs, nodeDrag, spacePan, edgeDrag, cardsAt64 } = figures;
      console.log(JSON.stringify({ load: [loadBefore, loadavg()[0]], cardsAt64, settleMs, wheelZoom, zoomSettle, nodeDrag, spacePan, edgeDrag }));
      if (events.length) report(events);
      if (process.env.TRACE_OUT) writeFileSync(process.env.TRACE_OUT, JSON.stringify(events));
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
} finally {
  await server.close();
}
