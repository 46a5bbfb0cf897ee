import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

//   start ─► shape (transform)
const small = {
  schemaVersion: 1,
  id: "small",
  name: "Small",
  nodes: [
    { id: "shape", type: "transform", position: { x: 240, y: 0 }, config: { code: "return input;" } },
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
  ],
  edges: [{ id: "e1", source: "start", target: "shape" }],
};

const inspector = (page: Page) => page.getByRole("region", { name: "Inspector" });
const versionsDialog = (page: Page) => page.getByRole("dialog", { name: "Versions" });
const toolbar = (page: Page) => page.getByRole("toolbar", { name: "Flow" });
/** The draft's node ids, from the inspector's node list (the flow's settings are showing). */
const nodeIds = (page: Page): Promise<string[]> => inspector(page).locator("[data-node-ref]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-node-ref") ?? "").sort());

async function openSmall(page: Page): Promise<void> {
  await page.locator("#import-file").setInputFiles({ name: "small.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(small)) });
  await page.waitForURL(/#\/flow\/small$/);
  await expect.poll(() => nodeIds(page)).toEqual(["shape", "start"]);
}

async function publishVersion(page: Page): Promise<void> {
  await toolbar(page).getByRole("button", { name: "Versions" }).click();
  await versionsDialog(page).getByRole("button", { name: "Publish" }).click();
  await versionsDialog(page).getByRole("listitem", { name: "Version 1" }).waitFor();
  await page.keyboard.press("Escape");
  await versionsDialog(page).waitFor({ state: "hidden" });
}

/** Adds a Code node from the palette (unpublished work) and shows the flow's node list again. */
async function addUnpublishedNode(page: Page): Promise<string[]> {
  await page.getByRole("button", { name: "Add Code" }).click();
  await inspector(page).locator("[data-inspecting]").waitFor();
  await inspector(page).getByRole("button", { name: "Close, show the flow's settings" }).click();
  await expect.poll(() => nodeIds(page).then((ids) => ids.length)).toBe(3);
  return nodeIds(page);
}

describe("restoring a version over unpublished work", () => {
  it("Versions → Restore asks first, and the Undo button brings the draft back", async () => {
    app = await openApp();
    const { page } = app;
    await openSmall(page);
    await publishVersion(page);
    const withNewNode = await addUnpublishedNode(page);

    await toolbar(page).getByRole("button", { name: "Versions" }).click();
    await versionsDialog(page).getByRole("button", { name: "Restore version 1" }).click();
    const confirm = versionsDialog(page).getByRole("group", { name: "Restore version 1?" });
    expect(await confirm.innerText()).toContain("The draft has changes that no version holds");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    expect(await nodeIds(page)).toEqual(withNewNode); // cancelling changes nothing

    await versionsDialog(page).getByRole("button", { name: "Restore version 1" }).click();
    await confirm.getByRole("button", { name: "Replace draft" }).click();
    await page.locator(".toasts").getByText("Version 1 restored as the draft").waitFor();
    await expect.poll(() => nodeIds(page)).toEqual(["shape", "start"]);

    await toolbar(page).getByRole("button", { name: "Undo" }).click(); // one step brings it all back
    await expect.poll(() => nodeIds(page)).toEqual(withNewNode);
    await toolbar(page).getByRole("button", { name: "Redo" }).click();
    await expect.poll(() => nodeIds(page)).toEqual(["shape", "start"]);
    expect(app.errors).toEqual([]);
  });

  it("Open v1 → Restore as draft asks first, and Ctrl+Z in the draft brings the draft back", async () => {
    app = await openApp();
    const { page } = app;
    await openSmall(page);
    await publishVersion(page);
    const withNewNode = await addUnpublishedNode(page);

    await toolbar(page).getByRole("button", { name: "Versions" }).click();
    await versionsDialog(page).getByRole("button", { name: "Open version 1" }).click();
    await page.waitForURL(/#\/flow\/small\/version\/1$/);
    const banner = page.locator(".version-banner");
    await banner.getByRole("button", { name: "Restore as draft" }).click();
    const confirm = banner.getByRole("group", { name: "Restore version 1?" });
    expect(await confirm.innerText()).toContain("The draft has changes that no version holds");
    await confirm.getByRole("button", { name: "Replace draft" }).click();

    await page.waitForURL(/#\/flow\/small$/);
    await page.locator(".toasts").getByText("Version 1 restored as the draft").waitFor();
    await expect.poll(() => nodeIds(page)).toEqual(["shape", "start"]);
    await page.locator("body").click({ position: { x: 5, y: 300 } }); // no text field has the keys
    await page.keyboard.press("Control+z");
    await expect.poll(() => nodeIds(page)).toEqual(withNewNode);

    // The draft now differs from every version again: back in v1, restoring asks again.
    await page.waitForTimeout(600); // IndexedDB writes settle
    await toolbar(page).getByRole("button", { name: "Versions" }).click();
    await versionsDialog(page).getByRole("button", { name: "Open version 1" }).click();
    await banner.getByRole("button", { name: "Restore as draft" }).click();
    await banner.getByRole("group", { name: "Restore version 1?" }).getByRole("button", { name: "Cancel" }).click();
    await banner.getByRole("button", { name: "Back to draft" }).click();
    await page.waitForURL(/#\/flow\/small$/);
    await expect.poll(() => nodeIds(page)).toEqual(withNewNode);
    expect(app.errors).toEqual([]);
  });

  it("replaces a draft that equals a published version without asking (nothing is lost)", async () => {
    app = await openApp();
    const { page } = app;
    await openSmall(page);
    await publishVersion(page);
    await addUnpublishedNode(page);
    await toolbar(page).getByRole("button", { name: "Versions" }).click();
    await versionsDialog(page).getByRole("button", { name: "Publish" }).click(); // v2 holds the new node
    await versionsDialog(page).getByRole("listitem", { name: "Version 2" }).waitFor();
    await versionsDialog(page).getByRole("button", { name: "Restore version 1" }).click();
    await page.locator(".toasts").getByText("Version 1 restored as the draft").waitFor();
    await expect.poll(() => nodeIds(page)).toEqual(["shape", "start"]);
    expect(app.errors).toEqual([]);
  });
});
