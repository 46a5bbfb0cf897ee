/**
 * y-dexie stores each edit of a flow as a row and merges a flow's rows into one now and then.
 * The app does the merge in a worker (storage/compaction.ts), 10 s after start: this checks in
 * a real browser that the merge happens there, that the open editor sees nothing change, and
 * that the merged rows, and an edit made after, are what the next visit reads.
 */
import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";

//   start ─► shape ─► wait
const flow = {
  schemaVersion: 1,
  id: "stored",
  name: "Stored edits",
  nodes: [
    { id: "shape", type: "transform", position: { x: 240, y: 0 }, config: { code: "return 1;" } },
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "wait", type: "delay", position: { x: 480, y: 120 }, config: { ms: 1000 } },
  ],
  edges: [
    { id: "e1", source: "start", target: "shape" },
    { id: "e2", source: "shape", target: "wait" },
  ],
};

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The stored update rows of the flow, read with IndexedDB itself (no app code). */
const storedRows = (page: Page) =>
  page.evaluate(
    (id) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open("nexus-flow");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction("$flows.doc_updates").objectStore("$flows.doc_updates").index("k").count(id);
          request.onsuccess = () => (db.close(), resolve(request.result));
          request.onerror = () => (db.close(), reject(request.error));
        };
      }),
    flow.id,
  );

const currentFlow = (page: Page) => page.evaluate(() => (window as unknown as { __nexusCanvas: { flow(): unknown } }).__nexusCanvas.flow());

describe("stored edits of a flow", () => {
  it("are merged into one row by a worker while the flow is open; the merge and a later edit are what the next visit reads", async () => {
    app = await openApp("/", undefined, async (context) => void (await context.addInitScript("window.__nexusTest = true")));
    const { page } = app;
    const warnings: string[] = [];
    page.on("console", (message) => message.type() === "warning" && warnings.push(message.text()));
    await page.getByRole("button", { name: "New flow" }).first().waitFor();
    await page.locator("#import-file").setInputFiles({ name: "stored.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
    await page.waitForURL(/#\/flow\/stored$/);
    await page.locator('.canvas[data-ready="true"]').waitFor();
    // Two edits, two more rows.
    await page.getByRole("button", { name: "Auto-layout" }).click();
    await page.getByRole("region", { name: "Flow canvas" }).focus();
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Control+d");
    await expect.poll(() => storedRows(page)).toBeGreaterThanOrEqual(3);
    const edited = await currentFlow(page);

    // 10 s after start the worker merges them; the open editor shows the same flow.
    await expect.poll(() => storedRows(page), { timeout: 30_000, interval: 500 }).toBe(1);
    expect(await currentFlow(page)).toEqual(edited);
    expect(await page.locator("[data-node-id]").count()).toBe(6);

    // An edit after the merge is stored on top of it.
    await page.keyboard.press("Delete");
    await expect.poll(() => storedRows(page)).toBe(2);
    const final = await currentFlow(page);
    await page.reload();
    await page.locator('.canvas[data-ready="true"]').waitFor();
    await expect.poll(() => currentFlow(page)).toEqual(final);
    expect((final as { nodes: unknown[] }).nodes).toHaveLength(3);
    expect(warnings.filter((text) => text.includes("merge"))).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
