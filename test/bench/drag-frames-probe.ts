/**
 * A diagnostic, not part of `npm run bench`: the app bench's node drag (1,000-node flow at 64 %,
 * ~550 cards, a node dragged 4 px per step: app-canvas-moves.ts), one drag per fresh page, with
 * builds A/B alternated so that they share the machine's load:
 *   npx tsx test/bench/drag-frames-probe.ts [<built app dir> …]   (none: builds this tree)
 * Per drag it prints the frame intervals' p95 and worst, and each interval over 25 ms with when
 * it ended, from the drag's first move (`lift+`) and from the release (`drop+`). With TRACE=1, the
 * CPU time (trace events' thread time, which waiting for a core does not stretch) of the 250 ms
 * after the lift and after the drop: the renderer's main thread, raster, and the compositor's
 * draw (software compositing). ROUNDS (default 2).
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { launchPersistent } from "../e2e/support/chromium.ts";
import { buildApp, serveApp } from "../e2e/support/app-server.ts";
import { openAt64, type TraceEvent } from "./probe-support.ts";

const categories = "cc,blink,devtools.timeline,disabled-by-default-devtools.timeline,viz,v8.execute";

/** Import, zoom to 64 % and wait until the cards have settled; returns the card nearest the centre. */
async function prepare(page: Page, url: string): Promise<{ x: number; y: number }> {
  const centre = await openAt64(page, url);
  await page.waitForTimeout(4000);
  return page.evaluate(`(() => {
    let best;
    for (const e of document.querySelectorAll("[data-node-id]")) {
      const r = e.getBoundingClientRect();
      const d = Math.hypot(r.x + r.width / 2 - ${centre.x}, r.y + r.height / 2 - ${centre.y});
      if (!best || d < best.d) best = { d, x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }
    return best;
  })()`);
}

/** The drag, with rAF intervals and the lift (first move with the button down) and drop marked in the page and the trace. */
async function drag(page: Page, from: { x: number; y: number }): Promise<string> {
  await page.evaluate(`(() => {
    const log = (window.__probe = { frames: [], lift: 0, drop: 0, on: true });
    addEventListener("pointermove", (e) => { if (e.buttons && !log.lift) (log.lift = e.timeStamp), console.timeStamp("probe:lift"); }, { capture: true });
    addEventListener("pointerup", (e) => ((log.drop = e.timeStamp), console.timeStamp("probe:drop")), { capture: true, once: true });
    const tick = (now) => { log.frames.push(now); if (log.on) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 60; i++) (await page.mouse.move(from.x + i * 4, from.y + i * 2), await page.waitForTimeout(16));
  await page.mouse.up();
  await page.waitForTimeout(100);
  const log = (await page.evaluate(`(() => (window.__probe.on = false, window.__probe))()`)) as { frames: number[]; lift: number; drop: number };
  const intervals = log.frames.slice(1).map((end, i) => ({ end, ms: end - log.frames[i]! }));
  const sorted = intervals.map((i) => i.ms).sort((a, b) => a - b);
  const p95 = sorted[Math.floor(sorted.length * 0.95)]!;
  const long = intervals.filter((i) => i.ms > 25).map((i) => `${i.ms.toFixed(0)}@${i.end >= log.drop ? `drop+${(i.end - log.drop).toFixed(0)}` : `lift+${(i.end - log.lift).toFixed(0)}`}`);
  return `p95 ${p95.toFixed(1)} worst ${sorted.at(-1)!.toFixed(1)} | over 25 ms: ${long.join(" ")}`;
}

/** CPU ms in the 250 ms after the lift and after the drop: main thread, raster, draw. */
function cpuAfterMarks(events: readonly TraceEvent[]): string {
  const threads = new Map(events.filter((e) => e.ph === "M" && e.name === "thread_name").map((e) => [`${e.pid}:${e.tid}`, e.args?.name]));
  return ["lift", "drop"].map((mark) => {
    const at = events.find((e) => e.name === "TimeStamp" && e.args?.data?.message === `probe:${mark}`)?.ts ?? 0;
    const inside = events.filter((e) => e.ph === "X" && e.tdur !== undefined && e.ts >= at && e.ts < at + 250_000);
    const sum = (match: (e: TraceEvent) => boolean) => inside.filter(match).reduce((total, e) => total + e.tdur! / 1000, 0).toFixed(0);
    return `${mark}: main ${sum((e) => e.name === "RunTask" && threads.get(`${e.pid}:${e.tid}`) === "CrRendererMain")} raster ${sum((e) => e.name === "RasterTask")} draw ${sum((e) => e.name === "Display::DrawAndSwap")}`;
  }).join(", ");
}

async function traced<T>(context: BrowserContext, page: Page, act: () => Promise<T>): Promise<{ result: T; events: TraceEvent[] }> {
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", (event) => events.push(...(event.value as unknown as TraceEvent[])));
  const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.start", { categories, transferMode: "ReportEvents" });
  const result = await act();
  await cdp.send("Tracing.end");
  await complete;
  return { result, events };
}

const apps = process.argv.length > 2 ? process.argv.slice(2) : [await buildApp()];
for (let round = 0; round < Number(process.env.ROUNDS ?? 2); round++) {
  for (const app of apps) {
    const copy = mkdtempSync(join(tmpdir(), "nexus-probe-app-"));
    cpSync(app, copy, { recursive: true });
    const server = await serveApp(copy);
    const profile = mkdtempSync(join(tmpdir(), "nexus-probe-"));
    const context = await launchPersistent(profile);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const grab = await prepare(page, server.url);
      const load = loadavg()[0]!.toFixed(1);
      const { result, events } = process.env.TRACE ? await traced(context, page, () => drag(page, grab)) : { result: await drag(page, grab), events: [] };
      console.log(`${app} round ${round} (load ${load}): ${result}${events.length ? ` | CPU ${cpuAfterMarks(events)}` : ""}`);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      await server.close();
    }
  }
}
