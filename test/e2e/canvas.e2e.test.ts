import type { Locator, Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";
import { chainFlow, importFlow } from "./support/canvas-flows.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const chain = chainFlow("chain", "Chain");

type Point = { x: number; y: number };

const canvas = (page: Page) => page.getByRole("region", { name: "Flow canvas" });
const node = (page: Page, id: string) => page.locator(`[data-node-id="${id}"]`);
const nodes = (page: Page) => page.locator("[data-node-id]");
const nodesOfType = (page: Page, type: string) => page.locator(`[data-node-id][data-node-type="${type}"]`);
const edges = (page: Page) => page.locator("[data-edge-id]");
const selectedIds = (page: Page) => page.locator('[data-node-id][aria-selected="true"]').evaluateAll((list) => list.map((element) => element.getAttribute("data-node-id")).sort());
const nodeIds = (page: Page) => nodes(page).evaluateAll((list) => list.map((element) => element.getAttribute("data-node-id")!).sort());

/** A node's position in the flow, as the canvas draws it from the doc. */
async function positionOf(page: Page, id: string): Promise<Point> {
  const style = (await node(page, id).getAttribute("style")) ?? "";
  const match = /left: (-?[\d.]+)px; top: (-?[\d.]+)px/.exec(style);
  if (!match) throw new Error(`no position in ${style}`);
  return { x: Number(match[1]), y: Number(match[2]) };
}

async function centre(locator: Locator, dx = 0, dy = 0): Promise<Point> {
  const box = await locator.boundingBox();
  if (!box) throw new Error("not visible");
  return { x: box.x + box.width / 2 + dx, y: box.y + box.height / 2 + dy };
}

/** Waits until an element stops moving on screen (a view animation has ended). */
async function stillOnScreen(locator: Locator): Promise<void> {
  let last = "";
  await expect
    .poll(async () => {
      const box = JSON.stringify(await locator.boundingBox());
      const still = box === last;
      last = box;
      return still;
    })
    .toBe(true);
}

async function drag(page: Page, from: Point, to: Point): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

/** Box-selects from just above-left of `first` to just below-right of `last` (empty pane there). */
async function boxSelect(page: Page, first: string, last: string): Promise<void> {
  const a = (await node(page, first).boundingBox())!;
  const b = (await node(page, last).boundingBox())!;
  await drag(page, { x: a.x - 24, y: a.y - 30 }, { x: b.x + b.width + 24, y: b.y + b.height + 30 });
}

describe("canvas", () => {
  it("adds nodes by dragging them from the palette, and selects each", async () => {
    app = await openApp();
    const { page } = app;
    await page.getByRole("button", { name: "New flow" }).first().click();
    await page.locator('.canvas[data-ready="true"]').waitFor();
    await expect.poll(() => nodes(page).count()).toBe(1);
    await page.getByRole("button", { name: "Add HTTP request" }).dragTo(canvas(page), { targetPosition: { x: 500, y: 160 } });
    await expect.poll(() => nodesOfType(page, "http.request").count()).toBe(1);
    const added = nodesOfType(page, "http.request");
    expect(await added.getAttribute("aria-selected")).toBe("true");
    expect(await added.getAttribute("data-status")).toBe("idle");
    expect(await added.getAttribute("aria-label")).toBe("HTTP request");
    // Dropped where the pointer was: the card is centred on the drop point (snapped to the grid).
    const dropped = await centre(added);
    const region = (await canvas(page).boundingBox())!;
    expect(Math.abs(dropped.x - (region.x + 500))).toBeLessThan(25);
    expect(Math.abs(dropped.y - (region.y + 160))).toBeLessThan(25);

    await page.getByRole("button", { name: "Add If" }).dragTo(canvas(page), { targetPosition: { x: 500, y: 360 } });
    await expect.poll(() => nodesOfType(page, "condition").count()).toBe(1);
    const condition = nodesOfType(page, "condition");
    expect(await selectedIds(page)).toEqual([await condition.getAttribute("data-node-id")]);
    // One input handle; one labelled output handle per port.
    expect(await condition.locator('[data-handle="in"]').count()).toBe(1);
    expect(await condition.locator('[data-handle="out:true"]').getAttribute("aria-label")).toBe("Output true of If");
    expect(await condition.locator('[data-handle="out:false"]').innerText()).toBe("false");
    expect(app.errors).toEqual([]);
  });

  it("drags a node: snapped to the grid, written to the doc, still there after a reload", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    const before = await positionOf(page, "c");
    const grab = await centre(node(page, "c"));
    // The drag selects c at its first move; the inspector shows it once the button is released
    // (a drag does not pay for building the inspector), and the canvas at once.
    const closeInspector = page.getByRole("region", { name: "Inspector" }).getByRole("button", { name: "Close, show the flow's settings" });
    await page.mouse.move(grab.x, grab.y);
    await page.mouse.down();
    await page.mouse.move(grab.x + 173, grab.y + 61, { steps: 12 });
    expect(await selectedIds(page)).toEqual(["c"]);
    expect(await closeInspector.count()).toBe(0);
    await page.mouse.up();
    await closeInspector.waitFor();
    const after = await positionOf(page, "c");
    expect(after).not.toEqual(before);
    expect(after.x % 20).toBe(0);
    expect(after.y % 20).toBe(0);
    expect(after.x).toBeGreaterThan(before.x + 100);
    expect(await selectedIds(page)).toEqual(["c"]);
    // The press left the focus where it was (a change of focus repaints the whole page in
    // Chrome, node-drag.ts); a click on a card focuses it, and Enter there selects it.
    const focusedNode = () => page.evaluate(() => document.activeElement?.getAttribute("data-node-id") ?? null);
    expect(await focusedNode()).toBeNull();
    await node(page, "a").click();
    expect(await focusedNode()).toBe("a");
    expect(await selectedIds(page)).toEqual(["a"]);

    await page.reload();
    await page.locator('.canvas[data-ready="true"]').waitFor();
    expect(await positionOf(page, "c")).toEqual(after);
    expect(app.errors).toEqual([]);
  });

  it("connects an output to an input by dragging, and refuses a cycle with the reason", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    expect(await edges(page).count()).toBe(2);
    await drag(page, await centre(node(page, "b").locator('[data-handle="out:out"]')), await centre(node(page, "c").locator('[data-handle="in"]')));
    await expect.poll(() => edges(page).count()).toBe(3);

    // c → a closes a → b → c → a: refused, with the path named, and no edge added.
    await drag(page, await centre(node(page, "c").locator('[data-handle="out:out"]')), await centre(node(page, "a").locator('[data-handle="in"]')));
    await page.locator(".toast-error", { hasText: "this would create a cycle: a → b → c → a" }).waitFor();
    expect(await edges(page).count()).toBe(3);

    // Into a trigger: refused too (dropped on the node's body, which has no input).
    await drag(page, await centre(node(page, "c").locator('[data-handle="out:out"]')), await centre(node(page, "start")));
    await page.locator(".toast-error", { hasText: "triggers take no incoming edges" }).waitFor();
    expect(await edges(page).count()).toBe(3);
    expect(app.errors).toEqual([]);
  });

  it("box-selects, drags the selection as one undo step, deletes it, and undoes and redoes", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    await boxSelect(page, "a", "b");
    expect(await selectedIds(page)).toEqual(["a", "b"]);

    const [a0, b0, c0] = [await positionOf(page, "a"), await positionOf(page, "b"), await positionOf(page, "c")];
    const grab = await centre(node(page, "a"));
    await drag(page, grab, { x: grab.x + 60, y: grab.y + 40 });
    const [a1, b1] = [await positionOf(page, "a"), await positionOf(page, "b")];
    expect(a1).not.toEqual(a0);
    expect({ x: b1.x - b0.x, y: b1.y - b0.y }).toEqual({ x: a1.x - a0.x, y: a1.y - a0.y });
    expect(await positionOf(page, "c")).toEqual(c0);

    // A slow second drag, pausing longer than the undo manager's 500 ms merge window: still one step.
    const again = await centre(node(page, "a"));
    await page.mouse.move(again.x, again.y);
    await page.mouse.down();
    await page.mouse.move(again.x + 60, again.y + 40, { steps: 6 });
    await page.waitForTimeout(700);
    await page.mouse.move(again.x + 120, again.y + 80, { steps: 6 });
    await page.mouse.up();
    expect(await positionOf(page, "a")).not.toEqual(a1);
    await page.keyboard.press("Control+z");
    await expect.poll(() => positionOf(page, "a")).toEqual(a1);
    expect(await positionOf(page, "b")).toEqual(b1);

    await page.keyboard.press("Delete");
    await expect.poll(() => nodeIds(page)).toEqual(["c", "start"]);
    expect(await edges(page).count()).toBe(0);
    await page.keyboard.press("Control+z");
    await expect.poll(() => nodeIds(page)).toEqual(["a", "b", "c", "start"]);
    expect(await edges(page).count()).toBe(2);
    expect(await positionOf(page, "a")).toEqual(a1);
    await page.keyboard.press("Control+Shift+z");
    await expect.poll(() => nodeIds(page)).toEqual(["c", "start"]);
    expect(await edges(page).count()).toBe(0);

    // A click on a node selects it, Shift-click adds, a click on the empty pane clears.
    await page.keyboard.press("Control+z");
    await expect.poll(() => nodeIds(page)).toEqual(["a", "b", "c", "start"]);
    await node(page, "c").click();
    await node(page, "b").click({ modifiers: ["Shift"] });
    expect(await selectedIds(page)).toEqual(["b", "c"]);
    const region = (await canvas(page).boundingBox())!;
    await page.mouse.click(region.x + 30, region.y + 30);
    expect(await selectedIds(page)).toEqual([]);
    expect(app.errors).toEqual([]);
  });

  // Guards the doc mirror handing copies to its Solid store: reconciling into Yjs-owned
  // objects once made undo restore the current position instead of the original one.
  it("undoes a drag and an auto-layout back to the positions the flow opened with", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    const c0 = await positionOf(page, "c");
    const grab = await centre(node(page, "c"));
    await drag(page, grab, { x: grab.x + 100, y: grab.y + 40 });
    expect(await positionOf(page, "c")).not.toEqual(c0);
    await page.keyboard.press("Control+z");
    await expect.poll(() => positionOf(page, "c")).toEqual(c0);

    const before = await Promise.all(chain.nodes.map((item) => positionOf(page, item.id)));
    await page.getByRole("button", { name: "Auto-layout" }).click();
    const positions = () => Promise.all(chain.nodes.map((item) => positionOf(page, item.id)));
    await expect.poll(positions).not.toEqual(before); // the layout may leave some nodes where they were
    await page.keyboard.press("Control+z");
    await expect.poll(positions).toEqual(before);
    expect(app.errors).toEqual([]);
  });

  it("copies and pastes nodes with the edges between them, in this flow and into another", async () => {
    app = await openApp();
    const { page, context, url } = app;
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: url });
    await importFlow(page, chain);
    await boxSelect(page, "a", "b");
    await page.keyboard.press("Control+c");
    await page.keyboard.press("Control+v");
    await expect.poll(() => nodes(page).count()).toBe(6);
    expect(await edges(page).count()).toBe(3);
    const copies = await selectedIds(page);
    expect(copies).toHaveLength(2);
    expect(copies.some((id) => id === "a" || id === "b")).toBe(false);
    // Offset from the originals, the edge between them copied with them.
    const labels = await page.locator('[data-node-id][aria-selected="true"]').evaluateAll((list) => list.map((element) => element.getAttribute("aria-label")).sort());
    expect(labels).toEqual(["Enrich", "Shape"]);
    const shapeCopy = (await page.locator('[data-node-id][aria-selected="true"][aria-label="Shape"]').getAttribute("data-node-id"))!;
    expect(await positionOf(page, shapeCopy)).toEqual({ x: 340, y: 40 });

    // Into another flow: same nodes and edge, new ids.
    await page.getByRole("button", { name: "New flow" }).first().click();
    await page.waitForURL(/#\/flow\/untitled-flow$/);
    await page.locator('.canvas[data-ready="true"]').waitFor();
    await canvas(page).hover({ position: { x: 200, y: 150 } });
    await page.keyboard.press("Control+v");
    await expect.poll(() => nodes(page).count()).toBe(3);
    expect(await edges(page).count()).toBe(1);
    expect(await selectedIds(page)).toHaveLength(2);
    expect(app.errors).toEqual([]);
  });

  it("duplicates with Ctrl+D and selects everything with Ctrl+A", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    await node(page, "c").click();
    await page.keyboard.press("Control+d");
    await expect.poll(() => nodes(page).count()).toBe(5);
    expect(await selectedIds(page)).not.toContain("c");
    await page.keyboard.press("Escape");
    expect(await selectedIds(page)).toEqual([]);
    await page.keyboard.press("Control+a");
    expect(await selectedIds(page)).toHaveLength(5);
    expect(app.errors).toEqual([]);
  });

  it("lays the flow out left to right, as one undoable edit", async () => {
    app = await openApp();
    const { page } = app;
    const piled = { ...chain, id: "piled", nodes: chain.nodes.map((item) => ({ ...item, position: { x: 0, y: 0 } })) };
    await importFlow(page, piled);
    await page.getByRole("button", { name: "Auto-layout" }).click();
    await expect.poll(async () => (await positionOf(page, "b")).x).toBeGreaterThan(0);
    const [start, a, b] = [await positionOf(page, "start"), await positionOf(page, "a"), await positionOf(page, "b")];
    expect(start.x).toBeLessThan(a.x);
    expect(a.x).toBeLessThan(b.x);
    // The layout is one undoable edit: move b away, lay out again, undo → b is back where it was moved.
    await stillOnScreen(node(page, "b")); // the view animates to fit the new layout
    const grab = await centre(node(page, "b"));
    await drag(page, grab, { x: grab.x, y: grab.y + 120 });
    const moved = await positionOf(page, "b");
    expect(moved).not.toEqual(b);
    await page.getByRole("button", { name: "Auto-layout" }).click();
    await expect.poll(() => positionOf(page, "b")).toEqual(b);
    await page.keyboard.press("Control+z");
    await expect.poll(() => positionOf(page, "b")).toEqual(moved);
    expect(await positionOf(page, "a")).toEqual(a);
    expect(await positionOf(page, "start")).toEqual(start);
    expect(app.errors).toEqual([]);
  });

  it("is read-only on a published version: selects and pans, but no drag, connect, delete or duplicate", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    const dialog = page.getByRole("dialog", { name: "Versions" });
    await page.getByRole("button", { name: "Versions" }).click();
    await dialog.getByRole("button", { name: "Publish" }).click();
    await dialog.getByRole("button", { name: "Open version 1" }).click();
    await page.waitForURL(/#\/flow\/chain\/version\/1$/);
    await page.locator('.canvas[data-ready="true"]').waitFor();

    const c0 = await positionOf(page, "c");
    const grab = await centre(node(page, "c"));
    await drag(page, grab, { x: grab.x + 150, y: grab.y + 60 });
    expect(await positionOf(page, "c")).toEqual(c0);
    expect(await selectedIds(page)).toEqual(["c"]);
    await page.keyboard.press("Delete");
    await page.keyboard.press("Control+d");
    expect(await nodeIds(page)).toEqual(["a", "b", "c", "start"]);
    await drag(page, await centre(node(page, "b").locator('[data-handle="out:out"]')), await centre(node(page, "c").locator('[data-handle="in"]')));
    expect(await edges(page).count()).toBe(2);

    const before = (await node(page, "a").boundingBox())!;
    const region = (await canvas(page).boundingBox())!;
    await page.mouse.move(region.x + 40, region.y + 40);
    await page.mouse.down({ button: "middle" });
    await page.mouse.move(region.x + 100, region.y + 70, { steps: 6 });
    await page.mouse.up({ button: "middle" });
    expect(Math.round((await node(page, "a").boundingBox())!.x - before.x)).toBe(60);
    expect(app.errors).toEqual([]);
  });

  it("pans with Space held and a drag that starts on a node, leaving the node where it was", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    const c0 = await positionOf(page, "c");
    const before = (await node(page, "c").boundingBox())!;
    const grab = await centre(node(page, "c"));
    await canvas(page).focus();
    await page.keyboard.down("Space");
    await drag(page, grab, { x: grab.x + 120, y: grab.y + 50 });
    await page.keyboard.up("Space");
    const after = (await node(page, "c").boundingBox())!;
    expect(Math.round(after.x - before.x)).toBe(120);
    expect(Math.round(after.y - before.y)).toBe(50);
    expect(await positionOf(page, "c")).toEqual(c0);
    // Space released: the same drag moves the node again.
    await drag(page, await centre(node(page, "c")), { x: grab.x + 220, y: grab.y + 50 });
    expect(await positionOf(page, "c")).not.toEqual(c0);
    expect(app.errors).toEqual([]);
  });

  it("draws a selection box from a drag that starts on an edge; a click on the edge selects it", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    const hit = page.locator('[data-edge-id="e2"] .edge-hit');
    const on = (await hit.evaluate((path: SVGPathElement) => {
      const point = path.getPointAtLength(path.getTotalLength() / 2).matrixTransform(path.getScreenCTM()!);
      return { x: point.x, y: point.y };
    })) as Point;
    // Hovered, the edge is highlighted by a copy on a layer of its own, not restyled in place.
    const highlight = page.locator("svg.edge-hover path");
    await page.mouse.move(on.x, on.y);
    const hitPath = (await hit.getAttribute("d"))!;
    await expect.poll(async () => (await highlight.getAttribute("d"))?.startsWith(`${hitPath} M`)).toBe(true);
    await page.mouse.move(on.x, on.y - 60);
    await expect.poll(() => highlight.count()).toBe(0);
    await page.mouse.click(on.x, on.y);
    await expect.poll(() => page.locator('[data-edge-id="e2"].selected').count()).toBe(1);
    // Selected, it shows its own style: no highlight over it.
    expect(await highlight.count()).toBe(0);
    // From the edge (between a and b) down-left past c, which sits under a: c is inside the box.
    const c = (await node(page, "c").boundingBox())!;
    await drag(page, on, { x: c.x - 30, y: c.y + c.height + 30 });
    expect(await selectedIds(page)).toEqual(["c"]);
    expect(app.errors).toEqual([]);
  });

  it("pans and zooms with the controls and the wheel", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    const zoomLevel = page.locator(".canvas-zoom-level");
    const before = await zoomLevel.innerText();
    await canvas(page).getByRole("button", { name: "Zoom in" }).click();
    await expect.poll(() => zoomLevel.innerText()).not.toBe(before);
    await page.waitForTimeout(400); // the zoom animates for 160 ms
    const box = (await node(page, "a").boundingBox())!;
    // Middle-mouse drag pans.
    const region = (await canvas(page).boundingBox())!;
    await page.mouse.move(region.x + 40, region.y + 40);
    await page.mouse.down({ button: "middle" });
    await page.mouse.move(region.x + 140, region.y + 90, { steps: 8 });
    await page.mouse.up({ button: "middle" });
    const moved = (await node(page, "a").boundingBox())!;
    expect(Math.round(moved.x - box.x)).toBe(100);
    expect(Math.round(moved.y - box.y)).toBe(50);
    await canvas(page).getByRole("button", { name: "Fit view" }).click();
    await page.mouse.move(region.x + 300, region.y + 200);
    const zoomed = await zoomLevel.innerText();
    await page.mouse.wheel(0, -300);
    await expect.poll(() => zoomLevel.innerText()).not.toBe(zoomed);
    expect(app.errors).toEqual([]);
  });
});
