/**
 * Import stores a new flow by writing y-dexie's own update rows next to the flow's row
 * (storage/flows-repo.ts). This checks, in a real browser, that what it wrote is what a
 * later visit reads: every node, edge and config, and the edits made on top of it.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterEach, describe, expect, inject, it } from "vitest";
import { launchPersistent } from "./support/chromium.ts";

//   start ─► shape "Shape" ─► wait ─► fetch "Fetch orders"
//            log "Log" (unconnected)
// Nodes and edges sorted by id: the order Export writes, so the file compares as a whole.
const orders = {
  schemaVersion: 1,
  id: "orders",
  name: "Orders",
  nodes: [
    { id: "fetch", type: "http.request", label: "Fetch orders", position: { x: 720, y: 0 }, config: { method: "POST", url: "https://example.com/orders", body: "{\"page\": 2}" } },
    { id: "log", type: "noop", label: "Log", position: { x: 240, y: 220 }, config: {} },
    { id: "shape", type: "transform", label: "Shape", position: { x: 240, y: 0 }, config: { code: "return { total: input.n * 2 };" } },
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "wait", type: "delay", position: { x: 480, y: 0 }, config: { ms: 1000 } },
  ],
  edges: [
    { id: "e1", source: "start", target: "shape" },
    { id: "e2", source: "shape", target: "wait" },
    { id: "e3", source: "wait", target: "fetch" },
  ],
};
const names = ["Fetch orders", "Log", "Shape", "Manual trigger", "Delay"];

let profile: string | undefined;
let context: BrowserContext | undefined;
afterEach(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  context = profile = undefined;
});

/** A visit: a new browser on the same profile (same IndexedDB), as after closing the tab. */
async function visit(errors: string[]): Promise<Page> {
  await context?.close();
  context = await launchPersistent(profile!);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(inject("appUrl") + "/");
  return page;
}

const canvas = (page: Page) => page.getByRole("region", { name: "Flow canvas" });
const inspector = (page: Page) => page.getByRole("region", { name: "Inspector" });

/** Every node's card, found by its accessible name, and the edges drawn. */
async function expectDrawn(page: Page, nodeNames: string[], edgeIds: string[]): Promise<void> {
  await page.locator('.canvas[data-ready="true"]').waitFor();
  for (const name of nodeNames) await canvas(page).getByRole("group", { name, exact: true }).waitFor();
  expect(await page.locator("[data-node-id]").count()).toBe(nodeNames.length);
  await expect.poll(() => page.locator("[data-edge-id]").evaluateAll((list) => list.map((edge) => edge.getAttribute("data-edge-id")).sort())).toEqual(edgeIds);
}

async function openFromList(page: Page, name: string): Promise<void> {
  await page.getByRole("region", { name: "Flows" }).getByRole("link", { name, exact: true }).click();
  await page.waitForURL(/#\/flow\/orders$/);
}

async function selectNode(page: Page, name: string, id: string): Promise<void> {
  await canvas(page).getByRole("group", { name, exact: true }).click();
  await inspector(page).locator(`[data-inspecting="${id}"]`).waitFor();
}

async function exported(page: Page): Promise<unknown> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export" }).click()]);
  return JSON.parse(readFileSync((await download.path())!, "utf8"));
}

describe("an imported flow after the browser is closed and opened again", () => {
  it("keeps every node, edge and config, an edit made right after Import, and a later edit", async () => {
    profile = mkdtempSync(join(tmpdir(), "nexus-chromium-"));
    const errors: string[] = [];
    let page = await visit(errors);

    // 1. Import with the Import button's file picker, as a user does.
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByRole("button", { name: "Import" }).first().click()]);
    await chooser.setFiles({ name: "orders.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(orders, null, 2)) });
    await page.waitForURL(/#\/flow\/orders$/);
    await expectDrawn(page, names, ["e1", "e2", "e3"]);
    // An edit to the doc Import filled and the editor opened at once.
    await selectNode(page, "Delay", "wait");
    await inspector(page).getByRole("spinbutton", { name: "Wait (ms)" }).fill("2500");
    await inspector(page).getByRole("spinbutton", { name: "Wait (ms)" }).press("Tab");
    await page.waitForTimeout(800); // IndexedDB writes settle

    // 2. The next visit opens it from the list: all of the file, and the edit.
    page = await visit(errors);
    await openFromList(page, "Orders");
    await expectDrawn(page, names, ["e1", "e2", "e3"]);
    await selectNode(page, "Fetch orders", "fetch");
    expect(await inspector(page).getByRole("combobox", { name: "URL" }).inputValue()).toBe("https://example.com/orders");
    const afterFirstEdit = structuredClone(orders);
    afterFirstEdit.nodes[4]!.config = { ms: 2500 };
    expect(await exported(page)).toEqual(afterFirstEdit);

    // 3. An edit on the reopened flow is kept too.
    await selectNode(page, "Log", "log");
    const label = inspector(page).getByRole("textbox", { name: "Label" });
    await label.fill("Log orders");
    await label.press("Tab");
    await canvas(page).getByRole("group", { name: "Log orders", exact: true }).waitFor();
    await page.waitForTimeout(800);

    page = await visit(errors);
    await openFromList(page, "Orders");
    await expectDrawn(page, names.map((name) => (name === "Log" ? "Log orders" : name)), ["e1", "e2", "e3"]);
    afterFirstEdit.nodes[1]!.label = "Log orders";
    expect(await exported(page)).toEqual(afterFirstEdit);
    expect(errors).toEqual([]);
  });
});
