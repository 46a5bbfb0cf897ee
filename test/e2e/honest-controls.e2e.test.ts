import type { Locator, Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

// start ─▶ ok ─▶ boom (throws) ─▶ after
//   └────▶ side
const flow = {
  schemaVersion: 1,
  id: "honest",
  name: "Honest",
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "ok", type: "transform", label: "Fine", position: { x: 280, y: 0 }, config: { code: "return 1;" } },
    { id: "boom", type: "transform", label: "Breaks", position: { x: 560, y: 0 }, config: { code: 'throw new Error("boom");' } },
    { id: "after", type: "noop", label: "After", position: { x: 840, y: 0 }, config: {} },
    { id: "side", type: "noop", label: "Side", position: { x: 280, y: 200 }, config: {} },
  ],
  edges: [
    { id: "e1", source: "start", target: "ok" },
    { id: "e2", source: "ok", target: "boom" },
    { id: "e3", source: "boom", target: "after" },
    { id: "e4", source: "start", target: "side" },
  ],
};

async function open(page: Page): Promise<void> {
  await page.locator("#import-file").setInputFiles({ name: "honest.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
  await page.waitForURL(/#\/flow\/honest$/);
  await page.locator('.canvas[data-ready="true"]').waitFor();
}

const runStatus = (page: Page) => page.locator(".rp-status").innerText();
const overlaps = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error("not visible");
  return found;
}

describe("honest controls", () => {
  it("runs with Ctrl+Enter from the canvas and counts a failed run as done and failed, not 5 / 5", async () => {
    app = await openApp();
    const { page } = app;
    await open(page);
    await page.locator('[data-node-id="side"]').click();
    await page.keyboard.press("Control+Enter");
    await expect.poll(() => runStatus(page)).toBe("Failed");
    const count = await page.locator(".rp-count").innerText();
    expect(count).toMatch(/^3 of 5 nodes done, 1 failed/);
    expect(count).not.toContain("5 / 5");
    expect(app.errors).toEqual([]);
  });

  it("disables Undo and Redo when there is nothing to undo or redo", async () => {
    app = await openApp();
    const { page } = app;
    await open(page);
    const undo = page.getByRole("button", { name: "Undo" });
    const redo = page.getByRole("button", { name: "Redo" });
    expect(await undo.isDisabled()).toBe(true);
    expect(await redo.isDisabled()).toBe(true);
    await page.locator('[data-node-id="side"]').click();
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => undo.isDisabled()).toBe(false);
    await undo.click();
    await expect.poll(() => undo.isDisabled()).toBe(true);
    expect(await redo.isDisabled()).toBe(false);
    expect(app.errors).toEqual([]);
  });

  it("says 'Not valid JSON' under the run input, not only in a tooltip", async () => {
    app = await openApp();
    const { page } = app;
    await open(page);
    const input = page.getByRole("textbox", { name: "Run input" });
    await input.fill('{"n": 1');
    const message = page.locator("#rp-input-error");
    await expect.poll(() => message.innerText()).toContain("Not valid JSON");
    expect((await box(message)).y).toBeGreaterThanOrEqual((await box(input)).y + (await box(input)).height);
    expect(await input.getAttribute("aria-invalid")).toBe("true");
    await input.fill('{"n": 1}');
    await expect.poll(() => message.count()).toBe(0);
    expect(app.errors).toEqual([]);
  });

  it("opens a run from History by a click anywhere on its row, and highlights it", async () => {
    app = await openApp();
    const { page } = app;
    await open(page);
    const run = page.getByRole("button", { name: "Run", exact: true });
    await run.click();
    await expect.poll(() => runStatus(page)).toBe("Failed");
    await run.click();
    await expect.poll(() => runStatus(page)).toBe("Failed");
    await page.getByRole("tab", { name: "History" }).click();
    const rows = page.locator(".rp-history-table tbody tr");
    await expect.poll(() => rows.count()).toBe(2);
    // The newest run is shown; a click on the older row's duration cell shows that one.
    expect(await rows.nth(0).getAttribute("aria-current")).toBe("true");
    await rows.nth(1).locator("td").nth(2).click();
    await expect.poll(() => rows.nth(1).getAttribute("aria-current")).toBe("true");
    expect(await rows.nth(0).getAttribute("aria-current")).toBeNull();
    expect(app.errors).toEqual([]);
  });

  it("shows toasts where they cover no control (the inspector's buttons, the toolbar)", async () => {
    app = await openApp();
    const { page } = app;
    await open(page);
    await page.locator('[data-node-id="ok"]').click();
    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByRole("dialog", { name: "Publish a version" }).getByRole("button", { name: "Publish" }).click(); // the note is optional
    const toast = page.locator(".toast").first();
    await toast.waitFor();
    const toastBox = await box(toast);
    const controls = await page.locator("button:visible, input:visible, select:visible, textarea:visible").evaluateAll((list) =>
      list.filter((element) => !element.closest(".toasts")).map((element) => {
        const rect = element.getBoundingClientRect();
        return { x: rect.x, y: rect.y, width: rect.width, height: rect.height, name: element.getAttribute("aria-label") ?? element.textContent?.trim() ?? "" };
      }),
    );
    const covered = controls.filter((control) => control.width > 0 && overlaps(toastBox, control)).map((control) => control.name);
    expect(covered).toEqual([]);
    expect(app.errors).toEqual([]);
  });

  it("confirms Export with the file name, and disables editing controls in a read-only version", async () => {
    app = await openApp();
    const { page } = app;
    await open(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export" }).click()]);
    expect(download.suggestedFilename()).toBe("honest.json");
    await page.locator(".toast", { hasText: "Exported as honest.json" }).waitFor();

    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByRole("dialog", { name: "Publish a version" }).getByRole("button", { name: "Publish" }).click(); // the note is optional
    await page.locator(".toast", { hasText: "Published version 1" }).waitFor();
    await page.evaluate(() => (window.location.hash = "#/flow/honest/version/1"));
    await page.locator(".version-banner").waitFor();
    await page.locator('.canvas[data-ready="true"]').waitFor();
    for (const name of ["Undo", "Redo", "Auto-layout"]) expect(await page.getByRole("button", { name }).isDisabled()).toBe(true);
    expect(app.errors).toEqual([]);
  });
});
