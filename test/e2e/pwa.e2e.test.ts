import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;

//   start ─► double (transform: runs in QuickJS, in the worker)
const offlineFlow = {
  schemaVersion: 1,
  id: "offline",
  name: "Offline flow",
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "double", type: "transform", position: { x: 260, y: 0 }, config: { code: "return { n: 21 * 2 }" } },
  ],
  edges: [{ id: "e1", source: "start", target: "double" }],
};
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

  it("opens and runs a flow offline after one visit: the service worker serves the app, the worker and QuickJS", async () => {
    app = await openApp();
    const { page, context } = app;
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload(); // now controlled by the service worker
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    await page.locator("#import-file").setInputFiles({ name: "offline.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(offlineFlow)) });
    await page.waitForURL(/#\/flow\/offline$/);

    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.getByRole("textbox", { name: "Flow name" }).inputValue()).toBe("Offline flow");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => page.locator('[data-node-id="double"]').getAttribute("data-status"), { timeout: 20_000 }).toBe("succeeded");
    expect(app.errors).toEqual([]);
  });
});
