import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";
import { chainFlow, importFlow } from "./support/canvas-flows.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const chain = chainFlow("keys", "Keys");

const node = (page: Page, id: string) => page.locator(`[data-node-id="${id}"]`);
const edgeCount = (page: Page) => page.locator("[data-edge-id]").count();
const heard = (page: Page) => page.getByTestId("announcer").innerText();

async function positionOf(page: Page, id: string): Promise<{ x: number; y: number }> {
  const style = (await node(page, id).getAttribute("style")) ?? "";
  const match = /left: (-?[\d.]+)px; top: (-?[\d.]+)px/.exec(style);
  if (!match) throw new Error(`no position in ${style}`);
  return { x: Number(match[1]), y: Number(match[2]) };
}

describe("building with the keyboard alone", () => {
  it("moves the selected node with arrow keys, a grid step or (Shift) five, and says so", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    await node(page, "c").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => node(page, "c").getAttribute("aria-selected")).toBe("true");
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => positionOf(page, "c")).toEqual({ x: 320, y: 220 });
    await page.keyboard.press("Shift+ArrowDown");
    await expect.poll(() => positionOf(page, "c")).toEqual({ x: 320, y: 320 });
    await expect.poll(() => heard(page)).toBe("Moved Log to 320, 320.");
    // The move is an edit like any other: undo puts it back.
    await page.keyboard.press("Control+z");
    await expect.poll(() => positionOf(page, "c")).toEqual({ x: 300, y: 220 });
    expect(app.errors).toEqual([]);
  });

  it("connects with C, picks the target with arrow keys, Enter confirms, Escape cancels", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, chain);
    await node(page, "c").focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("c");
    // The nearest node to the right that takes input is proposed first.
    await expect.poll(() => heard(page)).toBe("Connecting from Log. Target: Enrich. Enter connects, Escape cancels.");
    await expect(node(page, "b").getAttribute("class")).resolves.toContain("key-connect-target");
    await page.keyboard.press("Enter");
    await expect.poll(() => edgeCount(page)).toBe(3);
    await expect.poll(() => heard(page)).toBe("Connected Log to Enrich.");
    expect(await node(page, "b").getAttribute("class")).not.toContain("key-connect-target");

    // From Enrich nothing lies to the right: the nearest node is proposed (Shape). Down picks
    // Log, up goes back to Shape, which would close a cycle: said, and Enter does not add it.
    await node(page, "b").focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("c");
    await expect.poll(() => heard(page)).toContain("Target: Shape (cannot connect");
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => heard(page)).toContain("Target: Log (cannot connect: this would create a cycle");
    await page.keyboard.press("ArrowUp");
    await expect.poll(() => heard(page)).toContain("Target: Shape (cannot connect: this would create a cycle");
    await page.keyboard.press("Enter");
    await expect.poll(() => heard(page)).toContain("Cannot connect Enrich to Shape");
    expect(await edgeCount(page)).toBe(3);
    await page.keyboard.press("Escape");
    await expect.poll(() => heard(page)).toBe("Connection cancelled.");
    // Escape ended the connection, not the selection.
    expect(await node(page, "b").getAttribute("aria-selected")).toBe("true");
    expect(await page.locator(".key-connect-source, .key-connect-target").count()).toBe(0);
    expect(app.errors).toEqual([]);
  });

  it("builds a flow from the palette without a pointer: add, place, connect", async () => {
    app = await openApp();
    const { page } = app;
    await page.getByRole("button", { name: "New flow" }).first().focus();
    await page.keyboard.press("Enter");
    await page.locator('.canvas[data-ready="true"]').waitFor();
    await page.getByRole("button", { name: "Add HTTP request" }).focus();
    await page.keyboard.press("Enter");
    const http = page.locator('[data-node-id][data-node-type="http.request"]');
    await expect.poll(() => http.evaluate((element) => element === document.activeElement)).toBe(true);
    const before = await positionOf(page, (await http.getAttribute("data-node-id"))!);
    await page.keyboard.press("Shift+ArrowRight");
    await page.keyboard.press("Shift+ArrowRight");
    await expect.poll(async () => (await positionOf(page, (await http.getAttribute("data-node-id"))!)).x).toBe(before.x + 200);

    // Select the trigger by keyboard, connect it to the request.
    const trigger = page.locator('[data-node-id][data-node-type="trigger.manual"]');
    await trigger.focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("c");
    await page.keyboard.press("Tab");
    await expect.poll(() => heard(page)).toContain("Target: HTTP request.");
    await page.keyboard.press("Enter");
    await expect.poll(() => edgeCount(page)).toBe(1);
    expect(app.errors).toEqual([]);
  });
});
