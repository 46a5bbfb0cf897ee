/**
 * The first promise, end to end with the mouse only: build a flow by dragging from
 * the palette and connecting handles, edit a node in the inspector, run it, see every node
 * succeed on the canvas and the output in the data inspector.
 */
import type { Locator, Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const canvas = (page: Page) => page.getByRole("region", { name: "Flow canvas" });
const nodeOfType = (page: Page, type: string) => page.locator(`[data-node-id][data-node-type="${type}"]`);

async function centreOf(locator: Locator) {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags with the mouse from one handle to another, in small steps as a person would. */
async function connect(page: Page, from: Locator, to: Locator) {
  const a = await centreOf(from);
  const b = await centreOf(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 15 });
  await page.mouse.up();
}

describe("build a flow with the mouse and run it", () => {
  //   Manual trigger ─► Code (doubles n) ─► No operation
  it("drag from the palette, connect handles, edit the code in the inspector, run: every node succeeds and the output shows", async () => {
    app = await openApp();
    const { page } = app;
    await page.getByRole("button", { name: "New flow" }).first().click();
    await page.locator('.canvas[data-ready="true"]').waitFor();

    await page.getByRole("button", { name: "Add Code" }).dragTo(canvas(page), { targetPosition: { x: 520, y: 200 } });
    await page.getByRole("button", { name: "Add No operation" }).dragTo(canvas(page), { targetPosition: { x: 820, y: 200 } });
    const trigger = nodeOfType(page, "trigger.manual");
    const code = nodeOfType(page, "transform");
    const last = nodeOfType(page, "noop");
    await connect(page, trigger.locator('[data-handle="out:out"]'), code.locator('[data-handle="in"]'));
    await connect(page, code.locator('[data-handle="out:out"]'), last.locator('[data-handle="in"]'));
    await expect.poll(() => page.locator("[data-edge-id]").count()).toBe(2);

    await code.click();
    const editor = page.getByRole("textbox", { name: "Code", exact: true });
    await editor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("return { doubled: input.n * 2 };");
    await page.getByRole("textbox", { name: "Run input" }).click(); // leaving the editor commits the code
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type('{"n": 21}');

    await page.getByRole("button", { name: "Run", exact: true }).click();
    const statuses = () => Promise.all([trigger, code, last].map((node) => node.getAttribute("data-status")));
    await expect.poll(statuses, { timeout: 20_000 }).toEqual(["succeeded", "succeeded", "succeeded"]);

    await page.getByRole("tab", { name: "Data" }).click();
    await page.getByRole("combobox", { name: "Node" }).selectOption((await last.getAttribute("data-node-id"))!);
    await expect.poll(() => page.getByRole("region", { name: "Output" }).innerText()).toMatch(/doubled[\s\S]*42/);
    expect(app.errors).toEqual([]);
  });
});
