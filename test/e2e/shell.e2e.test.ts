import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => app?.close());

describe("app shell", () => {
  it("opens with nothing installed, creates a flow, and finds it again after a reload", async () => {
    app = await openApp();
    const { page } = app;
    await page.getByRole("button", { name: "New flow" }).first().click();
    await page.waitForURL(/#\/flow\/untitled-flow$/);
    await page.getByRole("textbox", { name: "Flow name" }).fill("Orders");
    await page.getByRole("textbox", { name: "Flow name" }).press("Enter");
    // The flows list reads names back from IndexedDB: once it shows the new name, it is stored.
    await page.getByRole("link", { name: "Orders" }).waitFor();
    await page.reload();
    await expect.poll(() => page.getByRole("textbox", { name: "Flow name" }).inputValue()).toBe("Orders");
    expect(app.errors).toEqual([]);
  });

  it("fits a 1024-pixel-wide window, shared: every toolbar control on screen, no sideways scrolling", async () => {
    app = await openApp();
    const { page } = app;
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByRole("button", { name: "New flow" }).first().click();
    await page.locator('.canvas[data-ready="true"]').waitFor();
    // Shared, the toolbar also holds the connection and the people here.
    await page.getByRole("button", { name: "Share", exact: true }).click();
    await page.getByRole("button", { name: "Create share links" }).click();
    await page.getByRole("textbox", { name: "View link" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("status", { name: /^Connection:/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    for (const name of ["Import", "Export", "Versions", "Publish", "Share", "Run"]) {
      const box = (await page.getByRole("toolbar", { name: "Flow" }).getByRole("button", { name, exact: true }).boundingBox())!;
      expect(box.x + box.width, name).toBeLessThanOrEqual(1024);
    }
    expect(app.errors).toEqual([]);
  });
});
