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
});
