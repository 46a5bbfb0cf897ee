import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const gallery = (page: Page) => page.getByRole("dialog", { name: "New from template" });

async function fromTemplate(page: Page, title: string): Promise<void> {
  await page.getByRole("button", { name: "New from template" }).click();
  await gallery(page).getByRole("button", { name: title }).click();
  await page.locator('.canvas[data-ready="true"]').waitFor();
}

describe("templates", () => {
  it("offers a gallery of flows, and opening one creates a new flow each time", async () => {
    app = await openApp();
    const { page } = app;
    await page.getByRole("button", { name: "New from template" }).click();
    const cards = gallery(page).getByRole("list", { name: "Templates" }).getByRole("button");
    expect(await cards.count()).toBeGreaterThanOrEqual(5);
    await page.screenshot({ path: "/tmp/editor2-templates.png" });
    await page.keyboard.press("Escape");
    await expect.poll(() => gallery(page).count()).toBe(0);

    await fromTemplate(page, "API poller with a condition");
    await page.waitForURL(/#\/flow\/api-poller$/);
    expect(await page.getByRole("textbox", { name: "Flow name" }).inputValue()).toBe("API poller with a condition");
    expect(await page.locator("[data-node-id]").count()).toBe(5);
    await expect.poll(() => page.locator('[data-node-id="down"]').innerText()).toContain("Is it down?");

    // The same template again is a second flow, not the first one reopened.
    await fromTemplate(page, "API poller with a condition");
    await page.waitForURL(/#\/flow\/api-poller-2$/);
    await fromTemplate(page, "Approval before a change");
    await page.waitForURL(/#\/flow\/approval-loop$/);
    // The flows list catches up with the navigation: read it until it does.
    const pollers = async () => (await page.getByRole("list", { name: "Flows" }).getByRole("listitem").allInnerTexts()).filter((name) => name.includes("API poller with a condition"));
    await expect.poll(pollers).toHaveLength(2);
    expect(app.errors).toEqual([]);
  });
});
