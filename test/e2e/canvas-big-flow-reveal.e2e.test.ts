import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";
import { gridFlow, importFlow } from "./support/canvas-flows.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

interface Sample {
  /** performance.now() of the sample (an animation frame). */
  readonly at: number;
  /** The last wheel notch before it (0: none yet). */
  readonly notch: number;
  /** Bands of cards shown (not concealed). */
  readonly shown: number;
  readonly bands: number;
  readonly edgesHidden: boolean;
}

/**
 * From far out, one wheel gesture in to past 64 % (dispatched in one task); once the overview has
 * given way and bands of cards are still hidden, a wheel notch per animation frame (in and out in
 * turn: the zoom stays near 64 %) for `notches` frames. Per frame until every band and the edges
 * show (at most 6 s): the bands shown and the time of the last notch.
 */
function revealUnderTheWheel(page: Page, notches: number): Promise<Sample[]> {
  return page.evaluate(`new Promise((resolve) => {
    const pane = document.querySelector(".canvas-pane");
    const box = pane.getBoundingClientRect();
    const wheel = (deltaY) => pane.dispatchEvent(new WheelEvent("wheel", { deltaY, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2, bubbles: true, cancelable: true }));
    for (let i = 0; i < 40; i++) wheel(-40);
    const samples = [];
    const start = performance.now();
    let notch = 0, sent = 0;
    const check = () => {
      const bands = document.querySelectorAll(".canvas-band").length;
      const concealed = document.querySelectorAll(".canvas-band.concealed").length;
      const edgesHidden = !!document.querySelector(".edges-off");
      const overview = !!document.querySelector(".canvas-overview[aria-label]");
      if (!overview && concealed > 0 && sent < ${notches}) (wheel(sent % 2 ? 40 : -40), sent++, (notch = performance.now()));
      samples.push({ at: performance.now(), notch, shown: bands - concealed, bands, edgesHidden });
      const done = sent > 0 && !overview && concealed === 0 && !edgesHidden;
      if (done || performance.now() - start > 6000) resolve(samples);
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`);
}

interface Hidden {
  /** Cards seen in a concealed band in the first ten frames of notches (before any probe). */
  readonly seen: number;
  /** Of them, reported by a ResizeObserver with a size in those frames, their band still concealed. */
  readonly laidOut: number;
  /** Concealed cards in the pane whose centre was probed: the card hit there, or focused by focus(). */
  readonly probed: number;
  readonly hit: number;
  readonly focused: number;
}

/**
 * From far out, one wheel gesture in; then, while bands are concealed, a notch per frame (at most
 * 30: the bands stay hidden meanwhile). Every card seen in a concealed band is watched by a
 * ResizeObserver; after ten notches (getBoundingClientRect lays out what it reads, so the probes
 * come after the observations judged), each frame one concealed card inside the pane is probed at
 * its centre and asked to take the focus.
 */
function watchConcealed(page: Page): Promise<Hidden> {
  return page.evaluate(`new Promise((resolve) => {
    const pane = document.querySelector(".canvas-pane");
    const box = pane.getBoundingClientRect();
    const wheel = (deltaY) => pane.dispatchEvent(new WheelEvent("wheel", { deltaY, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2, bubbles: true, cancelable: true }));
    for (let i = 0; i < 40; i++) wheel(-40);
    const watched = new Set(), early = new Set(), laidOut = new Set();
    let sent = 0, probed = 0, hit = 0, focused = 0;
    const probing = () => sent >= 10;
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) if (!probing() && entry.target.closest(".canvas-band.concealed") && entry.borderBoxSize[0]?.inlineSize > 0) laidOut.add(entry.target);
    });
    const start = performance.now();
    const check = () => {
      const hidden = [...document.querySelectorAll(".canvas-band.concealed [data-node-id]")];
      for (const card of hidden) if (!watched.has(card)) (watched.add(card), probing() || early.add(card), observer.observe(card));
      const inPane = probing() && hidden.find((card) => {
        const r = card.getBoundingClientRect();
        return r.width > 0 && r.x > box.x && r.y > box.y && r.right < box.right && r.bottom < box.bottom;
      });
      if (inPane) {
        const r = inPane.getBoundingClientRect();
        probed++;
        if (inPane.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2))) hit++;
        inPane.focus();
        if (document.activeElement === inPane) (focused++, inPane.blur());
      }
      if (hidden.length && !document.querySelector(".canvas-overview[aria-label]") && sent < 30) (wheel(sent % 2 ? 40 : -40), sent++);
      if ((sent >= 30 && !hidden.length) || performance.now() - start > 8000) (observer.disconnect(), resolve({ seen: early.size, laidOut: laidOut.size, probed, hit, focused }));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`);
}

describe("canvas with a big flow, cards coming back", () => {
  it("shows no band of cards while the wheel turns, and all of them once it stops", async () => {
    app = await openApp("/", undefined, async (context) => void (await context.addInitScript("window.__nexusTest = true")));
    const { page } = app;
    await importFlow(page, gridFlow("big", "Big flow", { tree: true }));
    await page.getByRole("img", { name: "Overview of 300 nodes: zoom in to edit them" }).waitFor();

    const samples = await revealUnderTheWheel(page, 12);
    // A band may show only 300 ms after a notch at the earliest (d3-zoom ends a gesture 150 ms
    // after the last wheel event, and the reveal waits 150 ms more): judge each frame against the
    // notch before the previous frame, so a notch that came after a band legitimately showed
    // (a loaded machine, frames far apart) is never blamed.
    const judged = samples.slice(1).filter((sample, i) => samples[i]!.notch > 0 && sample.at - samples[i]!.notch < 300);
    expect(judged.length).toBeGreaterThanOrEqual(5);
    samples.slice(1).forEach((sample, i) => {
      const before = samples[i]!;
      if (before.notch > 0 && sample.at - before.notch < 300) expect(sample.shown, `frame ${i + 1}: a band shown mid-gesture`).toBeLessThanOrEqual(before.shown);
    });
    // Nothing stays hidden: once the wheel stops, every band and the edges show.
    const last = samples.at(-1)!;
    expect(last.bands).toBeGreaterThan(1);
    expect(last.shown).toBe(last.bands);
    expect(last.edgesHidden).toBe(false);
    expect(await page.locator("[data-node-id]:visible").count()).toBeGreaterThan(20);
    expect(app.errors).toEqual([]);
  });

  it("lays out hidden cards before they show, yet a hidden card can be neither hit nor focused", async () => {
    app = await openApp("/", undefined, async (context) => void (await context.addInitScript("window.__nexusTest = true")));
    const { page } = app;
    await importFlow(page, gridFlow("big", "Big flow", { tree: true }));
    await page.getByRole("img", { name: "Overview of 300 nodes: zoom in to edit them" }).waitFor();

    const hidden = await watchConcealed(page);
    expect(hidden.seen).toBeGreaterThan(20);
    // Laid out while hidden (visibility, not content-visibility: canvas.css): a band's reveal is
    // then only paint and raster, not the style and layout of its cards too.
    expect(hidden.laidOut).toBeGreaterThan(hidden.seen / 2);
    expect(hidden.probed).toBeGreaterThan(3);
    expect(hidden.hit).toBe(0);
    expect(hidden.focused).toBe(0);
    // Nothing stays hidden.
    await expect.poll(() => page.locator(".canvas-band.concealed").count()).toBe(0);
    expect(app.errors).toEqual([]);
  });
});
