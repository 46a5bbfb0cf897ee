/**
 * A diagnostic, not part of `npm run bench`: one gesture at 64 % on the 1,000-node zoom flow
 * (app-canvas-moves.ts), after the cards have settled, traced with style, layout and paint
 * invalidation tracking, so a long frame can be traced to what invalidated it.
 *   ACT=space|edge|edge-steps|drag|drag-steps|wheel|wheel-steps|lod-steps OUT=trace.json npx tsx test/bench/canvas-probe.ts
 * APP=<a built app dir> skips the build (a copy is served); PRE / POST: page scripts run before
 * the trace starts / after it ends (POST's value is printed); WARM=<ms> between the trace's start
 * and the gesture (default 200; 1000 keeps the whole-document repaint below out of the sums);
 * CATEGORIES replaces the trace categories (fewer: closer to real costs); PROFILE=<file> records a JS CPU
 * profile instead of a trace. Beware: the first frame after the trace starts repaints the
 * whole document (InvalidateDisplayItemClient, reason "subtree", on every object), an artefact
 * of the invalidation-tracking categories, not of the app.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchPersistent } from "../e2e/support/chromium.ts";
import { buildApp, serveApp } from "../e2e/support/app-server.ts";
import { openAt64, type TraceEvent } from "./probe-support.ts";

const categories = process.env.CATEGORIES ?? "cc,disabled-by-default-cc.debug,disabled-by-default-cc.debug.picture,blink,devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-devtools.timeline.invalidationTracking,disabled-by-default-blink.invalidation,viz,v8.execute";
const copy = process.env.APP ? mkdtempSync(join(tmpdir(), "nexus-probe-app-")) : undefined;
if (copy) cpSync(process.env.APP!, copy, { recursive: true });
const server = await serveApp(copy ?? (await buildApp()));
const profile = mkdtempSync(join(tmpdir(), "nexus-probe-"));
const context = await launchPersistent(profile);
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const centre = await openAt64(page, server.url);
  await page.evaluate(`new Promise((resolve) => { const t0 = performance.now(); let key = "", at = t0; const check = (now) => { const k = document.querySelectorAll("[data-node-id]").length + (document.querySelector(".canvas-overview") ? "o" : ""); if (k !== key) (key = k), (at = now); if ((now - at > 600 && !key.endsWith("o")) || now - t0 > 15000) resolve(key); else requestAnimationFrame(check); }; requestAnimationFrame(check); })`);
  await page.waitForTimeout(300);
  const card = (await page.evaluate(`(() => { let best; for (const e of document.querySelectorAll("[data-node-id]")) { const r = e.getBoundingClientRect(); const d = Math.hypot(r.x + r.width/2 - ${centre.x}, r.y + r.height/2 - ${centre.y}); if (!best || d < best.d) best = { d, x: r.x + r.width/2, y: r.y + r.height/2 }; } return best; })()`)) as { x: number; y: number };
  const edge = (await page.evaluate(`(() => { let best; for (const path of document.querySelectorAll(".edge-hit")) { const l = path.getTotalLength(); const m = path.getScreenCTM(); for (const f of [0.3,0.5,0.7]) { const p = path.getPointAtLength(l*f).matrixTransform(m); if (document.elementFromPoint(p.x,p.y) !== path) continue; const d = Math.hypot(p.x-${centre.x}, p.y-${centre.y}); if (!best || d < best.d) best = {d, x:p.x, y:p.y}; } } return best; })()`)) as { x: number; y: number };
  if (process.env.PRE) await page.evaluate(process.env.PRE);
  const cdp = await context.newCDPSession(page);
  const events: unknown[] = [];
  cdp.on("Tracing.dataCollected", (event) => events.push(...(event.value as unknown[])));
  const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  if (process.env.PROFILE) (await cdp.send("Profiler.enable"), await cdp.send("Profiler.setSamplingInterval", { interval: 200 }), await cdp.send("Profiler.start"));
  else await cdp.send("Tracing.start", { categories, transferMode: "ReportEvents" });
  await page.waitForTimeout(Number(process.env.WARM ?? 200));
  await page.evaluate(`console.timeStamp("bench:probe:start")`);
  const act = process.env.ACT ?? "space";
  const dragFrom = async (from: { x: number; y: number }, step: number, count: number) => {
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= count; i++) (await page.mouse.move(from.x + i * step, from.y + i * step * 0.5), await page.waitForTimeout(16));
    await page.mouse.up();
  };
  if (act === "space") {
    await page.keyboard.down("Space");
    await page.waitForTimeout(300);
    await dragFrom(card, 10, 20);
    await page.keyboard.up("Space");
  } else if (act === "edge") await dragFrom(edge, 10, 20);
  else if (act === "drag") await dragFrom(card, 4, 30);
  else if (act === "edge-steps") {
    // The edge drag step by step, each marked `step:<name>` in the trace and 400 ms apart,
    // so each step's pre-paint, paint and raster can be summed on their own.
    const step = async (name: string, act: () => Promise<unknown>) => (await page.evaluate(`console.timeStamp("step:${name}")`), await act(), await page.waitForTimeout(400));
    await step("hover", () => page.mouse.move(edge.x, edge.y));
    await step("down", () => page.mouse.down());
    await step("move-10px", () => page.mouse.move(edge.x + 10, edge.y + 5));
    await step("move-20px", () => page.mouse.move(edge.x + 20, edge.y + 10));
    await step("up", () => page.mouse.up());
  } else if (act === "drag-steps") {
    // The node drag in parts (press, first moves, the rest, release), 400 ms apart.
    const step = async (name: string, act: () => Promise<unknown>) => (await page.evaluate(`console.timeStamp("step:${name}")`), await act(), await page.waitForTimeout(400));
    const moves = async (from: number, to: number) => { for (let i = from; i <= to; i++) (await page.mouse.move(card.x + i * 4, card.y + i * 2), await page.waitForTimeout(16)); };
    await step("hover", () => page.mouse.move(card.x, card.y));
    await step("down", () => page.mouse.down());
    await step("moves-1-3", () => moves(1, 3));
    await step("moves-4-30", () => moves(4, 30));
    await step("up", () => page.mouse.up());
  } else if (act === "wheel-steps") {
    // Single wheel steps at the cards' level (64 % → 54 %, no level-of-detail change), then the
    // same steps with the wheel's settle (the gesture's end) in between, 400 ms apart.
    const step = async (name: string, act: () => Promise<unknown>) => (await page.evaluate(`console.timeStamp("step:${name}")`), await act(), await page.waitForTimeout(400));
    // A frame first, which takes the trace's whole-document repaint (see above) out of the steps.
    await step("warm", () => page.evaluate(`document.body.append(Object.assign(document.createElement("i"), { style: "position:fixed;left:0;top:0;width:1px;height:1px" }))`));
    for (let round = 1; round <= Number(process.env.ROUNDS ?? 1); round++) {
      for (let i = 1; i <= 3; i++) await step(`wheel-out-${round}.${i}`, () => page.mouse.wheel(0, 40));
      for (let i = 1; i <= 3; i++) await step(`wheel-in-${round}.${i}`, () => page.mouse.wheel(0, -40));
    }
  } else if (act === "lod-steps") {
    // Across the level of detail and back, a step per direction: 8 wheel steps out (64 % → 41 %,
    // the overview), then 8 back in and the settle that follows (the cards shown again), ROUNDS times.
    const step = async (name: string, act: () => Promise<unknown>) => (await page.evaluate(`console.timeStamp("step:${name}")`), await act(), await page.waitForTimeout(1500));
    const wheel = async (deltaY: number) => { for (let i = 0; i < 8; i++) (await page.mouse.wheel(0, deltaY), await page.waitForTimeout(16)); };
    for (let round = 1; round <= Number(process.env.ROUNDS ?? 1); round++) {
      await step(`out-${round}`, () => wheel(40));
      await step(`in-${round}`, () => wheel(-40));
    }
  } else for (let r = 0; r < 2; r++) for (const d of [40, -40]) for (let i = 0; i < 20; i++) (await page.mouse.wheel(0, d), await page.waitForTimeout(16));
  await page.waitForTimeout(Number(process.env.AFTER ?? 500));
  await page.evaluate(`console.timeStamp("bench:probe:end")`);
  if (process.env.POST) console.log("POST:", JSON.stringify(await page.evaluate(process.env.POST)));
  if (process.env.PROFILE) {
    const { profile } = await cdp.send("Profiler.stop");
    writeFileSync(process.env.PROFILE, JSON.stringify(profile));
  } else (await cdp.send("Tracing.end"), await complete);
  writeFileSync(process.env.OUT ?? "canvas-probe-trace.json", JSON.stringify(events));
  if (events.length) summarise(events as TraceEvent[]);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  await server.close();
}

/** CPU (ms) of the rendering phases between marks (`bench:probe:start`, then each `step:`). */
function summarise(events: readonly TraceEvent[]): void {
  const phases = ["UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "RasterTask", "Display::DrawAndSwap"];
  const marks = events.filter((e) => e.name === "TimeStamp" && /^(step:|bench:probe:start)/.test(e.args?.data?.message ?? "")).sort((a, b) => a.ts - b.ts);
  const end = events.find((e) => e.args?.data?.message === "bench:probe:end")?.ts ?? Infinity;
  marks.forEach((mark, i) => {
    const until = marks[i + 1]?.ts ?? end;
    const sums = phases.map((phase) => events.filter((e) => e.ph === "X" && e.name === phase && e.ts >= mark.ts && e.ts < until).reduce((sum, e) => sum + (e.tdur ?? e.dur ?? 0) / 1000, 0));
    console.log(`${mark.args!.data!.message!.padEnd(20)} ${phases.map((phase, j) => `${phase} ${sums[j]!.toFixed(1)}`).join("  ")}`);
  });
}
