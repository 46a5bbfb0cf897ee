import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => app?.close());

describe("PWA", () => {
  it("is installable: a manifest with icons, and a service worker that precaches the QuickJS wasm", async () => {
    app = await openApp();
    const { page, url } = app;
    const manifest = await (await page.request.get(`${url}/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({ name: "Nexus Flow", display: "standalone" });
    expect(manifest.icons.map((icon: { sizes: string }) => icon.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    const worker = await (await page.request.get(`${url}/sw.js`)).text();
    expect(worker).toMatch(/\.wasm/);
  });

  it("opens offline after one visit: the service worker serves the app, IndexedDB the flows", async () => {
    app = await openApp();
    const { page, context } = app;
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload(); // now controlled by the service worker
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    await page.getByRole("button", { name: "New flow" }).first().click();
    await page.getByRole("textbox", { name: "Flow name" }).fill("Offline flow");
    await page.getByRole("textbox", { name: "Flow name" }).press("Enter");
    await page.waitForTimeout(300);

    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.getByRole("textbox", { name: "Flow name" }).inputValue()).toBe("Offline flow");
    expect(app.errors).toEqual([]);
  });
});
