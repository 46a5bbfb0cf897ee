import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const flowWith = (nodes: number) => ({
  schemaVersion: 1,
  id: "orders",
  name: "Orders",
  nodes: Array.from({ length: nodes }, (_, i) => (i === 0 ? { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} } : { id: `n${i}`, type: "noop", position: { x: i * 260, y: 0 }, config: {} })),
  edges: [],
});

async function importFile(page: Page, flow: object): Promise<void> {
  await page.locator("#import-file").setInputFiles({ name: "orders.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
}

const nodeCount = (page: Page) => page.locator("[data-node-id]").count();

describe("importing a flow that exists already", () => {
  it("asks: keep both (a copy named '(2)' with a new id) or replace (undoable)", async () => {
    app = await openApp();
    const { page } = app;
    await importFile(page, flowWith(2));
    await page.waitForURL(/#\/flow\/orders$/);
    await page.locator('.canvas[data-ready="true"]').waitFor();

    await importFile(page, flowWith(3));
    const dialog = page.getByRole("dialog", { name: "“Orders” exists already" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Keep both" }).click();
    await page.waitForURL(/#\/flow\/orders-2$/);
    await expect.poll(() => page.getByRole("textbox", { name: "Flow name" }).inputValue()).toBe("Orders (2)");
    await expect.poll(() => nodeCount(page)).toBe(3);

    // Cancel stores nothing.
    await importFile(page, flowWith(5));
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(page.url()).toMatch(/#\/flow\/orders-2$/);

    await importFile(page, flowWith(4));
    await dialog.getByRole("button", { name: "Replace" }).click();
    await page.waitForURL(/#\/flow\/orders$/);
    await expect.poll(() => nodeCount(page)).toBe(4);
    await expect.poll(() => page.locator(".flow-row").count()).toBe(2);
    expect(app.errors).toEqual([]);
  });
});
