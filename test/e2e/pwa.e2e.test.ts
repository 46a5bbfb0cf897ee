import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { openApp } from "./support/app-page.ts";
import { offlineFlow } from "./support/canvas-flows.ts";
import { serveApp } from "./support/app-server.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;

afterEach(async () => app?.close());

describe("PWA", () => {
  it("is installable: a manifest with icons, and a service worker that precaches the QuickJS wasm and the code worker", async () => {
    app = await openApp();
    const { page, url } = app;
    const manifest = await (await page.request.get(`${url}/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({ name: "Nexus Flow", display: "standalone" });
    expect(manifest.icons.map((icon: { sizes: string }) => icon.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    const worker = await (await page.request.get(`${url}/sw.js`)).text();
    expect(worker).toMatch(/\.wasm/);
    expect(worker).toMatch(/code-worker-[\w-]+\.js/);
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

  it("offers to reload when a new version is deployed, and Reload brings the new version in", async () => {
    const deployDir = mkdtempSync(join(tmpdir(), "nexus-deploy-"));
    cpSync(inject("appDist"), deployDir, { recursive: true });
    const server = await serveApp(deployDir);
    try {
      app = await openApp("/", server.url);
      const { page } = app;
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await page.reload();
      await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
      expect(await page.locator('meta[name="nexus-build"]').count()).toBe(0);

      deployNewVersion(deployDir);
      await page.reload(); // the old version still serves this page; the browser finds the new one
      const reload = page.getByRole("button", { name: "Reload" });
      await reload.waitFor({ timeout: 20_000 });
      expect(await page.getByText("A new version of Nexus Flow is ready.").isVisible()).toBe(true);
      await reload.click();
      await page.locator('meta[name="nexus-build"][content="next"]').waitFor({ state: "attached", timeout: 20_000 });
      expect(app.errors).toEqual([]);
    } finally {
      await app?.close();
      app = undefined;
      await server.close();
    }
  });
});

/** What a deploy changes: the page, and its revision in the service worker's precache list. */
function deployNewVersion(dir: string): void {
  const indexPath = join(dir, "index.html");
  writeFileSync(indexPath, readFileSync(indexPath, "utf8").replace("<head>", '<head><meta name="nexus-build" content="next">'));
  const swPath = join(dir, "sw.js");
  const sw = readFileSync(swPath, "utf8");
  const next = sw.replace(/("revision":")[0-9a-f]+(","url":"index\.html")/, '$1next-version$2');
  if (next === sw) throw new Error("index.html's revision not found in sw.js: the precache manifest format changed");
  writeFileSync(swPath, next);
}
