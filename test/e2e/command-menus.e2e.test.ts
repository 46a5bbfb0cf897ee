import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";
import { chainFlow, importFlow } from "./support/canvas-flows.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const chain = chainFlow("menus", "Menus");
const edgeCount = (page: Page) => page.locator("[data-edge-id]").count();
const zoomText = (page: Page) => page.locator(".canvas-zoom-level").innerText();
const palette = (page: Page) => page.getByRole("dialog", { name: "Command palette" });
/** The machine is shared (load average ~25 while these ran): give polls room. */
const slow = { timeout: 10_000 };
/** Where an element settles: the canvas fits the view again once it has measured the cards. */
async function stableBox(locator: ReturnType<Page["locator"]>) {
  let last = await locator.boundingBox();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const next = await locator.boundingBox();
    if (next && last && JSON.stringify(next) === JSON.stringify(last)) return next;
    last = next;
  }
}
const activeOption = (page: Page) => page.locator('[role="option"][aria-selected="true"]').innerText();

describe("command palette (Ctrl+K)", () => {
  it("lists actions and node types, filters fuzzily, runs the picked one with Enter; Escape closes", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    await page.locator(".canvas").click({ position: { x: 30, y: 30 } });
    await page.keyboard.press("Control+k");
    const dialog = palette(page);
    await dialog.waitFor();
    const box = dialog.getByRole("combobox", { name: "Search actions and node types" });
    expect(await box.evaluate((element) => element === document.activeElement)).toBe(true);
    const list = dialog.getByRole("listbox", { name: "Actions" });
    for (const name of ["Run the flow", "Auto-layout", "Undo", "Redo", "Export the flow file", "Import a flow file", "Share", "Zoom in", "Fit the flow in view", "Duplicate", "Delete the selection", "Add HTTP request", "Add If", "Add Code"]) {
      expect(await list.getByRole("option", { name: new RegExp(`^${name}`) }).count(), name).toBeGreaterThan(0);
    }
    // Letters in order: "zmt1" finds "Zoom to 100 %".
    await box.fill("zmt1");
    expect(await activeOption(page)).toContain("Zoom to 100 %");
    await box.fill("zoom in");
    expect(await activeOption(page)).toContain("Zoom in");
    await page.keyboard.press("Control+k"); // Ctrl+K again closes it
    await expect.poll(() => dialog.count(), slow).toBe(0);
    await page.keyboard.press("Control+k");
    await dialog.waitFor();
    await box.fill("zoom");
    await page.keyboard.press("ArrowDown");
    const second = await activeOption(page);
    await page.keyboard.press("ArrowUp");
    expect(await activeOption(page)).not.toBe(second);
    await box.fill("zoom to 100");
    await page.keyboard.press("Enter");
    await expect.poll(() => dialog.count(), slow).toBe(0);
    await expect.poll(() => zoomText(page), slow).toBe("100%");
    await page.keyboard.press("Control+k");
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.count(), slow).toBe(0);
    // From inside a text field too (Ctrl+K edits nothing there on Linux and Windows); the field keeps its text.
    const name = page.getByRole("textbox", { name: "Flow name" });
    await name.click();
    const before = await name.inputValue();
    await page.keyboard.press("Control+k");
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    expect(await name.inputValue()).toBe(before);
    expect(app.errors).toEqual([]);
  });

  it("adds a node type by name to the right of the selected node, connected, as the palette does", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    await page.locator('[data-node-id="c"]').click();
    await page.keyboard.press("Control+k");
    await palette(page).getByRole("combobox").fill("http req");
    expect(await activeOption(page)).toContain("Add HTTP request");
    await page.keyboard.press("Enter");
    const added = page.locator('[data-node-id][data-node-type="http.request"]');
    await expect.poll(() => added.count(), slow).toBe(1);
    expect(await added.getAttribute("style")).toContain("left: 600px; top: 220px");
    await expect.poll(() => edgeCount(page), slow).toBe(3);
    expect(await added.getAttribute("aria-selected")).toBe("true");
    expect(app.errors).toEqual([]);
  });

  it("offers the selected node's actions first, and says why an unavailable one cannot run", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    await page.locator('[data-node-id="a"]').click();
    await page.keyboard.press("Meta+k");
    const dialog = palette(page);
    await dialog.waitFor();
    expect(await dialog.locator('[role="option"]').first().innerText()).toContain("Node: Shape");
    await dialog.getByRole("combobox").fill("pin output");
    expect(await dialog.locator('[role="option"][aria-selected="true"]').getAttribute("aria-disabled")).toBe("true");
    await page.keyboard.press("Enter");
    await expect.poll(() => dialog.getByRole("status").innerText(), slow).toContain("No output of this node in the run shown");
    await dialog.getByRole("combobox").fill("disable");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator('[data-node-id="a"].node-disabled').count(), slow).toBe(1);
    expect(app.errors).toEqual([]);
  });
});

describe("right-click menus", () => {
  it("a node's menu (right-click or Shift+F10) renames, duplicates, disables and deletes; arrows and Enter work", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    const shape = page.locator('[data-node-id="a"]');
    await shape.click({ button: "right" });
    const menu = page.getByRole("menu", { name: "Node: Shape" });
    await menu.waitFor();
    const items = await menu.getByRole("menuitem").allInnerTexts();
    for (const name of ["Rename", "Duplicate", "Disable", "Run this node", "Re-run from here", "Pin output", "Delete"]) expect(items.join("\n")).toContain(name);
    expect(await menu.getByRole("menuitem").first().evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press("ArrowDown"); // Duplicate
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator('[data-node-id][data-node-type="transform"]').count(), slow).toBe(3);
    await expect.poll(() => menu.count(), slow).toBe(0);

    // From the keyboard: Shift+F10 on the selected node; Escape closes and gives focus back.
    await shape.click();
    await shape.focus();
    await page.keyboard.press("Shift+F10");
    await menu.waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => menu.count(), slow).toBe(0);
    expect(await shape.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press("Shift+F10");
    await menu.getByRole("menuitem", { name: "Disable" }).click();
    await expect.poll(() => shape.getAttribute("class"), slow).toContain("node-disabled");
    expect(await shape.getAttribute("aria-description")).toContain("disabled");
    await shape.click({ button: "right" });
    await menu.getByRole("menuitem", { name: "Enable" }).waitFor();
    await page.keyboard.press("Escape");

    await shape.click({ button: "right" });
    await menu.getByRole("menuitem", { name: "Rename" }).click();
    const field = page.getByRole("textbox", { name: "Node name" });
    await field.fill("Reshape");
    await page.keyboard.press("Enter");
    await expect.poll(() => shape.getAttribute("aria-label"), slow).toBe("Reshape");

    await shape.click({ button: "right" });
    await page.getByRole("menu", { name: "Node: Reshape" }).getByRole("menuitem", { name: "Delete" }).click();
    await expect.poll(() => shape.count(), slow).toBe(0);
    expect(app.errors).toEqual([]);
  });

  it("an edge's menu deletes it; the canvas's menu adds a node at the point, selects all and fits", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    // The edge's hit area is a transparent stroke (Playwright calls it invisible): right-click its middle.
    const box = await stableBox(page.locator('[data-edge-id="e2"] .edge-hit'));
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: "right" });
    const edgeMenu = page.getByRole("menu", { name: "Connection" });
    await edgeMenu.getByRole("menuitem", { name: "Delete connection" }).click();
    await expect.poll(() => page.locator('[data-edge-id="e2"]').count(), slow).toBe(0);
    expect(await edgeCount(page)).toBe(1);

    const canvas = page.locator(".canvas");
    const area = (await canvas.boundingBox())!;
    await page.mouse.click(area.x + 120, area.y + area.height - 120, { button: "right" });
    const canvasMenu = page.getByRole("menu", { name: "Canvas" });
    for (const name of ["Add node…", "Paste", "Select all", "Auto-layout", "Fit the flow in view"]) await canvasMenu.getByRole("menuitem", { name }).waitFor();
    await canvasMenu.getByRole("menuitem", { name: "Add node…" }).click();
    const adder = page.getByRole("dialog", { name: "Add a node" });
    await adder.getByRole("combobox", { name: "Search node types" }).fill("delay");
    await page.keyboard.press("Enter");
    const delay = page.locator('[data-node-id][data-node-type="delay"]');
    await expect.poll(() => delay.count(), slow).toBe(1);
    const placed = (await delay.boundingBox())!;
    // Centred on the point clicked (the grid snaps it a little).
    expect(Math.abs(placed.x + placed.width / 2 - (area.x + 120))).toBeLessThan(40);
    expect(Math.abs(placed.y + placed.height / 2 - (area.y + area.height - 120))).toBeLessThan(40);

    await page.mouse.click(area.x + 120, area.y + 60, { button: "right" });
    await canvasMenu.getByRole("menuitem", { name: "Select all" }).click();
    await expect.poll(() => page.locator('[data-node-id][aria-selected="true"]').count(), slow).toBe(5);
    await page.keyboard.press("Escape");
    await page.locator(".canvas").focus();
    await page.keyboard.press("Shift+F10");
    await canvasMenu.waitFor();
    await page.keyboard.press("End");
    await page.keyboard.press("Enter"); // Fit the flow in view
    await expect.poll(() => canvasMenu.count(), slow).toBe(0);
    await page.screenshot({ path: "/tmp/nexus-menus.png" });
    expect(app.errors).toEqual([]);
  });
});
