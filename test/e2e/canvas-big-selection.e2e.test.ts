import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";
import { gridFlow, importFlow } from "./support/canvas-flows.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

type Positions = Record<string, { x: number; y: number }>;
const positions = (page: Page) => page.evaluate(`Object.fromEntries(window.__nexusCanvas.flow().nodes.map((node) => [node.id, node.position]))`) as Promise<Positions>;
/** Every node moved by the same (dx, dy) from `before`. */
const allMovedBy = (before: Positions, after: Positions, dx: number, dy: number) => Object.entries(before).every(([id, at]) => after[id]?.x === at.x + dx && after[id]?.y === at.y + dy);
const card = (page: Page, id: string) => page.locator(`[data-node-id="${id}"]`);

describe("a selection larger than the view", () => {
  it("draws cards only near the view, yet arrow keys and a drag move every selected node, and a card drawn later shows selected", async () => {
    app = await openApp("/", undefined, async (context) => void (await context.addInitScript("window.__nexusTest = true")));
    const { page } = app;
    await importFlow(page, gridFlow("big-selection", "Big selection", { tree: false }));
    const canvas = page.getByRole("region", { name: "Flow canvas" });
    // 100 %: the middle columns in view; n0 (far left) and n299 (far right) well outside it.
    await canvas.focus();
    await page.keyboard.press("0");
    await expect.poll(() => page.locator("[data-node-id]:visible").count()).toBeGreaterThan(20);

    // 1. Select all: the selection holds 300 nodes, the page far fewer cards, none for n0 or n299.
    await page.keyboard.press("Control+a");
    await expect.poll(() => page.locator('[data-node-id][aria-selected="true"]').count()).toBeGreaterThan(20);
    // Culling has run on the new selection and no cards are on their way (the overview canvas
    // shows while they are).
    await page.evaluate(`new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))`);
    await expect.poll(() => page.locator(".canvas-overview").count()).toBe(0);
    expect(await page.locator("[data-node-id]").count()).toBeLessThan(200);
    expect(await card(page, "n0").count()).toBe(0);
    expect(await card(page, "n299").count()).toBe(0);

    // 2. An arrow key moves all 300, those without a card too.
    const start = await positions(page);
    await page.keyboard.press("ArrowDown");
    await expect.poll(async () => allMovedBy(start, await positions(page), 0, 20)).toBe(true);

    // 3. Dragging one card drags all 300.
    const moved = await positions(page);
    const pane = (await page.locator(".canvas-pane").boundingBox())!;
    // The card nearest the pane's centre (cards sit in the page in no particular order).
    const id = (await page.evaluate(`[...document.querySelectorAll("[data-node-id]")].map((el) => {
      const r = el.getBoundingClientRect();
      return { id: el.dataset.nodeId, d: Math.hypot(r.x + r.width / 2 - ${pane.x + pane.width / 2}, r.y + r.height / 2 - ${pane.y + pane.height / 2}) };
    }).sort((a, b) => a.d - b.d)[0]?.id`)) as string;
    const grabbed = (await card(page, id).boundingBox())!;
    await page.mouse.move(grabbed.x + grabbed.width / 2, grabbed.y + grabbed.height / 2);
    await page.mouse.down();
    await page.mouse.move(grabbed.x + grabbed.width / 2 + 60, grabbed.y + grabbed.height / 2, { steps: 6 });
    await page.mouse.move(grabbed.x + grabbed.width / 2 + 120, grabbed.y + grabbed.height / 2, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => {
      const now = await positions(page);
      const dx = now.n0!.x - moved.n0!.x;
      return dx >= 100 && allMovedBy(moved, now, dx, 0);
    }).toBe(true);

    // 4. Panned to the far left (middle-mouse drags), n0 gets a card, shown selected.
    for (let i = 0; i < 6 && (await card(page, "n0").count()) === 0; i++) {
      await page.mouse.move(pane.x + 40, pane.y + pane.height / 2);
      await page.mouse.down({ button: "middle" });
      await page.mouse.move(pane.x + pane.width - 40, pane.y + pane.height / 2, { steps: 8 });
      await page.mouse.up({ button: "middle" });
      await page.waitForTimeout(200);
    }
    await expect.poll(() => card(page, "n0").getAttribute("aria-selected")).toBe("true");
    expect(app.errors).toEqual([]);
  });
});
