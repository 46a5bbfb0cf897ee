/**
 * Import draws the new flow before its save commits (app/src/storage/early-docs.ts). When that
 * save fails (here IndexedDB refuses the write, as it does when the disk is full), the user is
 * told the file was not imported, the editor goes back to the flow open before (the address bar
 * never pointed to the unsaved one), and the flows stored before are all there on the next visit.
 */
import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

//   start ─► shape
const flow = (id: string, name: string) => ({
  schemaVersion: 1,
  id,
  name,
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "shape", type: "transform", position: { x: 240, y: 0 }, config: { code: "return input;" } },
  ],
  edges: [{ id: "e1", source: "start", target: "shape" }],
});

/** From the page on: IndexedDB refuses new flow content while `window.__refuseWrites` is set. */
const refuseWritesWhenAsked = () => {
  const add = IDBObjectStore.prototype.add;
  IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore["add"]>) {
    if ((window as { __refuseWrites?: boolean }).__refuseWrites && this.name === "$flows.doc_updates") throw new DOMException("The disk is full.", "QuotaExceededError");
    return add.apply(this, args);
  };
};

const importFile = (page: Page, name: string, content: object) => page.locator("#import-file").setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(content)) });
const toasts = (page: Page) => page.locator(".toasts");
const flowRows = (page: Page) => page.locator(".flow-row").allInnerTexts();

describe("an import whose save fails after the flow is drawn", () => {
  it("says the file was not imported, leaves the unsaved flow, and keeps every flow stored before", async () => {
    app = await openApp("/", undefined, async (context) => void (await context.addInitScript(refuseWritesWhenAsked)));
    const { page } = app;
    await importFile(page, "kept.json", flow("kept", "Kept"));
    await page.waitForURL(/#\/flow\/kept$/);
    await toasts(page).getByText("Imported kept.json").waitFor();

    await page.evaluate(() => ((window as { __refuseWrites?: boolean }).__refuseWrites = true));
    await importFile(page, "lost.json", flow("lost", "Lost"));
    await toasts(page).getByText("lost.json could not be saved in this browser, so it was not imported: ").waitFor();
    await expect.poll(() => toasts(page).innerText()).toContain("The disk is full.");
    await expect.poll(() => page.getByRole("textbox", { name: "Flow name" }).inputValue()).toBe("Kept");
    expect(await page.evaluate(() => location.hash)).toBe("#/flow/kept");
    expect((await flowRows(page)).join("\n")).not.toContain("Lost");

    // The next visit: the flow stored before opens whole; the refused one is nowhere.
    await page.evaluate(() => ((window as { __refuseWrites?: boolean }).__refuseWrites = false));
    await page.goto(`${app.url}/#/flow/kept`);
    await page.locator('.canvas[data-ready="true"]').waitFor();
    await expect.poll(() => page.locator("[data-node-id]").count()).toBe(2);
    expect((await flowRows(page)).join("\n")).toContain("Kept");
    expect((await flowRows(page)).join("\n")).not.toContain("Lost");
    await page.goto(`${app.url}/#/flow/lost`);
    await page.getByText("That flow does not exist (any more).").waitFor();
    expect(app.errors).toEqual([]);
  });
});
