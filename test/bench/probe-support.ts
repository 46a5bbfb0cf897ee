/**
 * What the canvas diagnostics (canvas-probe.ts, canvas-raster-trace.ts, drag-frames-probe.ts,
 * wheel-frames.ts; none part of `npm run bench`) share with each other and with the app bench's
 * moves: a Chrome trace event, and the bench's starting point.
 */
import type { Page } from "playwright-core";
import { importAndTime, windowSize } from "./app-canvas-moves.ts";

export interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly pid: number;
  readonly tid: number;
  readonly dur?: number;
  /** Thread (CPU) time, µs: unlike `dur`, not stretched by waiting for a core. */
  readonly tdur?: number;
  readonly args?: { name?: string; data?: { message?: string } };
}

/** The zoom level the canvas shows, as a fraction. */
export async function zoomLevel(page: Page): Promise<number> {
  return Number((await page.locator(".canvas-zoom-level").innerText()).replace("%", "")) / 100;
}

/**
 * As the app bench's moves start: the 1,000-node flow imported into the bench's window, the
 * mouse at the canvas's centre, zoomed with the wheel to 64 % (~550 cards). Returns the centre;
 * the cards may still be coming back (wait as the probe needs).
 */
export async function openAt64(page: Page, url: string): Promise<{ x: number; y: number }> {
  await page.setViewportSize(windowSize);
  await page.goto(`${url}/#/`);
  await page.getByRole("button", { name: "New flow" }).first().waitFor();
  await importAndTime(page);
  await page.waitForTimeout(1500);
  const box = (await page.getByRole("region", { name: "Flow canvas" }).boundingBox())!;
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(centre.x, centre.y);
  for (let i = 0, zoom = await zoomLevel(page); i < 80 && Math.abs(Math.log(zoom / 0.64)) >= 0.03; i++, zoom = await zoomLevel(page)) {
    await page.mouse.wheel(0, zoom > 0.64 ? 40 : -40);
    await page.waitForTimeout(60);
  }
  return centre;
}
