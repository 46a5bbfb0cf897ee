import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";
import { chainFlow, importFlow } from "./support/canvas-flows.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const chain = chainFlow("faster", "Faster");

const edgeCount = (page: Page) => page.locator("[data-edge-id]").count();
const zoomText = (page: Page) => page.locator(".canvas-zoom-level").innerText();
const zoomOf = async (page: Page) => Number((await zoomText(page)).replace("%", ""));

describe("moving faster", () => {
  it("adds a palette node to the right of the selected node, connected, as one undo step", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    await page.locator('[data-node-id="c"]').click();
    await page.getByRole("button", { name: "Add HTTP request" }).click();
    const added = page.locator('[data-node-id][data-node-type="http.request"]');
    await expect.poll(() => added.count()).toBe(1);
    expect(await added.getAttribute("style")).toContain("left: 600px; top: 220px");
    await expect.poll(() => edgeCount(page)).toBe(3);
    expect(await added.getAttribute("aria-selected")).toBe("true");
    // Again: the next one goes right of the new node, connected to it.
    await page.getByRole("button", { name: "Add HTTP request" }).click();
    await expect.poll(() => added.count()).toBe(2);
    await expect.poll(() => edgeCount(page)).toBe(4);
    await page.keyboard.press("Control+z");
    await expect.poll(() => added.count()).toBe(1);
    expect(await edgeCount(page)).toBe(3);
    expect(app.errors).toEqual([]);
  });

  it("zooms with + − 0 and fits with Shift+1", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    await page.locator('[data-node-id="c"]').click();
    await page.keyboard.press("0");
    await expect.poll(() => zoomText(page)).toBe("100%");
    await page.keyboard.press("+");
    await expect.poll(() => zoomOf(page)).toBe(125);
    await page.keyboard.press("-");
    await expect.poll(() => zoomOf(page)).toBe(100);
    await page.keyboard.press("-");
    await expect.poll(() => zoomOf(page)).toBe(80);
    await page.keyboard.press("Shift+Digit1");
    await expect.poll(() => zoomOf(page)).not.toBe(80);
    expect(app.errors).toEqual([]);
  });

  it("opens the shortcut sheet with ?", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    await page.locator('[data-node-id="c"]').click();
    await page.keyboard.press("?");
    const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await sheet.waitFor();
    expect(await sheet.innerText()).toContain("Connect the selected node");
    // The sheet says where Ctrl+K works and what it leaves alone.
    expect(await sheet.innerText()).toContain("Works in text fields and code too; on a Mac, Ctrl+K in a field keeps its own meaning");
    await page.keyboard.press("Escape");
    await expect.poll(() => sheet.count()).toBe(0);
    expect(app.errors).toEqual([]);
  });
});
