/**
 * A diagnostic, not part of `npm run bench`: runs only the canvas-moves scenario
 * (app-canvas-moves.ts: wheel zoom across the level of detail, drags at 64 %) RUNS times
 * (default 1) and, with TRACE=1, records a Chromium trace of the whole scenario and prints
 * the summed thread (CPU) time of its busiest trace events (RasterTask, Paint, LayoutView::HitTest,
 * LayerTreeHost::WaitForCommitCompletion…), in ms. Frame intervals swing 2–3× with the
 * machine's load; the raster and paint CPU totals say more about a rendering change.
 *   TRACE=1 npx tsx test/bench/canvas-raster-trace.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { ensureChromium, launchPersistent } from "../e2e/support/chromium.ts";
import { buildApp, serveApp } from "../e2e/support/app-server.ts";
import { measureCanvasMoves, type MoveFigures } from "./app-canvas-moves.ts";

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly dur?: number;
  /** Thread (CPU) time, µs: unlike `dur`, not stretched by waiting for a core. */
  readonly tdur?: number;
}

const categories = "cc,disabled-by-default-cc.debug,blink,devtools.timeline,disabled-by-default-devtools.timeline,viz";

async function traced(context: BrowserContext, page: Page, act: () => Promise<MoveFigures>): Promise<{ figures: MoveFigures; totals: Map<string, number> }> {
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", (event) => events.push(...(event.value as unknown as TraceEvent[])));
  const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.start", { categories, transferMode: "ReportEvents" });
  const figures = await act();
  await cdp.send("Tracing.end");
  await complete;
  const totals = new Map<string, number>();
  for (const event of events) if (event.ph === "X" && event.tdur) totals.set(event.name, (totals.get(event.name) ?? 0) + event.tdur / 1000);
  return { figures, totals };
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
      const { figures, totals } = process.env.TRACE ? await traced(context, page, act) : { figures: await act(), totals: new Map<string, number>() };
      const { wheelZoom, nodeDrag, spacePan, edgeDrag } = figures;
      console.log(JSON.stringify({ load: [loadBefore, loadavg()[0]], wheelZoom, nodeDrag, spacePan, edgeDrag }));
      for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${ms.toFixed(0).padStart(8)} ms CPU  ${name}`);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
} finally {
  await server.close();
}
