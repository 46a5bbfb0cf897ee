/**
 * The canvas as users move around a 1,000-node flow, measured from outside in headless
 * Chromium (1600 × 1000 window, production build):
 *   1. import → drawn: the file chosen with the Import button until the canvas is drawn;
 *   2. wheel zoom (deltaY ±40 every 16 ms) back and forth across the level of detail where
 *      cards turn into the overview (64 % ↔ 21 %);
 *   3. the pause after the last wheel step, until the cards stop coming (the overview gives way
 *      to cards near the view, nearest first);
 *   4. at 64 % (hundreds of cards on the page): a node dragged 4 px per step; Space held and
 *      10 px steps starting on a node (pans the canvas: checked, the node must not move); a
 *      drag starting on an edge (draws a selection box).
 * Figures are requestAnimationFrame intervals, what a user sees as smoothness (headless
 * Chromium paces frames at 60 Hz, so 16.7 ms is the floor).
 */
import type { Page } from "playwright-core";

export interface Intervals {
  readonly p50: number;
  readonly p95: number;
  readonly worst: number;
  readonly frames: number;
}

export interface MoveFigures {
  readonly importMs: number;
  readonly wheelZoom: Intervals;
  /** From the last wheel step until the cards stop coming (the overview gives way to cards). */
  readonly zoomSettle: Intervals;
  /** How long that took: until the count of cards held for 300 ms, less those 300 ms. */
  readonly settleMs: number;
  readonly nodeDrag: Intervals;
  readonly spacePan: Intervals;
  readonly edgeDrag: Intervals;
  /** Node card elements on the page at 64 %, when the drags were measured. */
  readonly cardsAt64: number;
  /** Whether Space + drag panned the canvas (and left the node where it was). */
  readonly spacePanned: boolean;
}

export const windowSize = { width: 1600, height: 1000 };
const flowId = "bench-zoom-1k";
const columns = 40;
const rows = 25;
const stepMs = 16;

/**
 * 1,000 Code (transform) nodes on a 40 × 25 grid, numbered column by column; node i's parent
 * is node ⌊(i − 1) / 2⌋ (a binary tree of edges).
 */
export function zoomBenchFlow(): unknown {
  const nodes: unknown[] = [];
  const edges: unknown[] = [];
  for (let i = 0; i < columns * rows; i++) {
    const column = Math.floor(i / rows);
    nodes.push({ id: `n${i}`, type: "transform", position: { x: column * 240, y: (i % rows) * 72 }, config: { code: "return input;" } });
    if (i > 0) edges.push({ id: `e${i}`, source: `n${Math.floor((i - 1) / 2)}`, target: `n${i}` });
  }
  return { schemaVersion: 1, id: flowId, name: "Zoom benchmark (1,000 nodes)", nodes, edges };
}

export async function measureCanvasMoves(page: Page, appUrl: string): Promise<MoveFigures> {
  await page.setViewportSize(windowSize);
  await page.goto(`${appUrl}/#/`);
  await page.getByRole("button", { name: "New flow" }).first().waitFor();
  const importMs = await importAndTime(page);
  await page.waitForTimeout(1500); // validation and persistence settle
  const centre = await canvasCentre(page);
  await page.mouse.move(centre.x, centre.y);
  await wheelToZoom(page, 0.64);
  await page.waitForTimeout(500);
  const wheelZoom = await intervalsDuring(page, "wheel-zoom", async () => {
    for (let round = 0; round < 2; round++) {
      await wheelSteps(page, 40, 20); // 64 % → ~21 %
      await wheelSteps(page, -40, 20); // and back
    }
  });
  // The pause after the wheel, measured: the overview gives way to cards, which fill in near
  // the view first. The drags start once the cards stop coming, as after a user's pause.
  let settleMs = 0;
  const zoomSettle = await intervalsDuring(page, "zoom-settle", async () => ({ ms: settleMs } = await untilCardsSettle(page)));
  await wheelToZoom(page, 0.64);
  const cardsAt64 = (await untilCardsSettle(page)).cards;
  const grab = await cardNearCentre(page, centre);
  const nodeDrag = await intervalsDuring(page, "node-drag", () => dragBy(page, grab, 4, 60));
  await page.waitForTimeout(300);
  const { spacePan, spacePanned } = await spaceDrag(page);
  await page.waitForTimeout(300);
  // Found before the measurement: the search hit-tests every edge (half a second here), no part of the gesture.
  const onEdge = await pointOnAnEdge(page, centre);
  const edgeDrag = await intervalsDuring(page, "edge-drag", () => dragBy(page, onEdge, 10, 40));
  return { importMs, wheelZoom, zoomSettle, settleMs, nodeDrag, spacePan, edgeDrag, cardsAt64, spacePanned };
}

/** From the file handed to the Import input to the canvas drawn (cards or overview), plus one frame. */
export async function importAndTime(page: Page): Promise<number> {
  await page.evaluate(`(() => {
    window.__importStart = undefined;
    document.getElementById("import-file").addEventListener("change", () => (window.__importStart = performance.now()), { capture: true, once: true });
  })()`);
  await page.locator("#import-file").setInputFiles({ name: `${flowId}.json`, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(zoomBenchFlow())) });
  return page.evaluate(`new Promise((resolve) => {
    const check = () => {
      const ready = location.hash === "#/flow/${flowId}" && document.querySelector('.canvas[data-ready="true"]');
      const drawn = document.querySelector("[data-node-id]") || document.querySelector(".canvas-overview[data-nodes]");
      if (ready && drawn && window.__importStart !== undefined) requestAnimationFrame(() => resolve(performance.now() - window.__importStart));
      else requestAnimationFrame(check);
    };
    check();
  })`);
}

async function canvasCentre(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.getByRole("region", { name: "Flow canvas" }).boundingBox();
  if (!box) throw new Error("the canvas is not on screen");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

const zoomLevel = async (page: Page) => Number((await page.locator(".canvas-zoom-level").innerText()).replace("%", "")) / 100;

async function wheelSteps(page: Page, deltaY: number, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await page.mouse.wheel(0, deltaY);
    await page.waitForTimeout(stepMs);
  }
}

/** Wheels (unmeasured) until the zoom is within a step of `target`. */
async function wheelToZoom(page: Page, target: number): Promise<void> {
  for (let i = 0; i < 80; i++) {
    const zoom = await zoomLevel(page);
    if (Math.abs(Math.log(zoom / target)) < 0.03) return;
    await page.mouse.wheel(0, zoom > target ? 40 : -40);
    await page.waitForTimeout(60);
  }
}

/**
 * rAF intervals (ms) while `act` runs. The phase's start and end are marked with
 * console.timeStamp (`bench:<phase>:start|end`), so a trace can be cut by phase
 * (canvas-raster-trace.ts).
 */
async function intervalsDuring(page: Page, phase: string, act: () => Promise<unknown>): Promise<Intervals> {
  await page.evaluate(`(() => {
    console.timeStamp("bench:${phase}:start");
    const intervals = (window.__benchIntervals = []);
    window.__benchOn = true;
    let last;
    const tick = (now) => {
      if (last !== undefined) intervals.push(now - last);
      last = now;
      if (window.__benchOn) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await act();
  await page.waitForTimeout(100); // the frame the last input caused
  const values = (await page.evaluate(`(() => { console.timeStamp("bench:${phase}:end"); window.__benchOn = false; return window.__benchIntervals; })()`)) as number[];
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95), worst: sorted.at(-1) ?? Number.NaN, frames: values.length };
}

async function cardNearCentre(page: Page, centre: { x: number; y: number }): Promise<{ x: number; y: number }> {
  return page.evaluate(`(() => {
    let best;
    for (const element of document.querySelectorAll("[data-node-id]")) {
      const r = element.getBoundingClientRect();
      const d = Math.hypot(r.x + r.width / 2 - ${centre.x}, r.y + r.height / 2 - ${centre.y});
      if (!best || d < best.d) best = { d, x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }
    if (!best) throw new Error("no node card near the centre");
    return { x: best.x, y: best.y };
  })()`);
}

/** Left drag from `from`, `count` steps of `step` px to the right and down, one every 16 ms. */
async function dragBy(page: Page, from: { x: number; y: number }, step: number, count: number): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= count; i++) {
    await page.mouse.move(from.x + i * step, from.y + i * step * 0.5);
    await page.waitForTimeout(stepMs);
  }
  await page.mouse.up();
}

/** Space held, a drag starting on a node: the canvas must pan, the node stay. */
async function spaceDrag(page: Page): Promise<{ spacePan: Intervals; spacePanned: boolean }> {
  const grab = await cardNearCentre(page, await canvasCentre(page));
  const nodeAt = `document.elementFromPoint(${grab.x}, ${grab.y}).closest("[data-node-id]")`;
  const id = (await page.evaluate(`${nodeAt}?.dataset.nodeId`)) as string | undefined;
  const positionOf = () => page.evaluate(`document.querySelector('[data-node-id="${id}"]')?.style.cssText.match(/left: [^;]+; top: [^;]+/)?.[0]`);
  const before = await positionOf();
  const screenBefore = await page.locator(`[data-node-id="${id}"]`).boundingBox();
  await page.getByRole("region", { name: "Flow canvas" }).focus();
  await page.keyboard.down("Space");
  const spacePan = await intervalsDuring(page, "space-pan", () => dragBy(page, grab, 10, 40));
  await page.keyboard.up("Space");
  const screenAfter = await page.locator(`[data-node-id="${id}"]`).boundingBox();
  const moved = !!screenBefore && !!screenAfter && Math.abs(screenAfter.x - screenBefore.x) > 100;
  return { spacePan, spacePanned: moved && (await positionOf()) === before };
}

/**
 * Waits until the canvas has settled: the overview off (its canvas stays on the page, labelled
 * only while it stands for the cards), no edges held back, and the count of cards shown (not in
 * a concealed band) unchanged for 300 ms and 12 frames (a long frame alone must not pass for a
 * pause), at most 5 s. Returns the cards on the page, and the time until the last change.
 */
export async function untilCardsSettle(page: Page): Promise<{ cards: number; ms: number }> {
  return page.evaluate(`new Promise((resolve) => {
    const start = performance.now();
    let key = "";
    let changed = start;
    let frames = 0;
    const check = (now) => {
      const cards = document.querySelectorAll("[data-node-id]").length;
      const shown = cards - document.querySelectorAll(".canvas-band.concealed [data-node-id]").length;
      const held = document.querySelector(".canvas-overview[aria-label]") ? "+overview" : document.querySelector(".edges-off") ? "+edges-off" : "";
      const next = shown + held;
      if (next !== key) (key = next), (changed = now), (frames = 0);
      frames++;
      if ((now - changed >= 300 && frames >= 12 && !key.includes("+")) || now - start > 5000) resolve({ cards, ms: Math.max(0, changed - start) });
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`);
}

/** A point on an edge's visible stroke near the centre, in client coordinates. */
async function pointOnAnEdge(page: Page, centre: { x: number; y: number }): Promise<{ x: number; y: number }> {
  return page.evaluate(`(() => {
    let best;
    for (const path of document.querySelectorAll(".edge-hit")) {
      const length = path.getTotalLength();
      const matrix = path.getScreenCTM();
      for (const f of [0.3, 0.5, 0.7]) {
        const p = path.getPointAtLength(length * f).matrixTransform(matrix);
        const hit = document.elementFromPoint(p.x, p.y);
        if (hit !== path) continue;
        const d = Math.hypot(p.x - ${centre.x}, p.y - ${centre.y});
        if (!best || d < best.d) best = { d, x: p.x, y: p.y };
      }
    }
    if (!best) throw new Error("no edge on screen");
    return { x: best.x, y: best.y };
  })()`);
}
