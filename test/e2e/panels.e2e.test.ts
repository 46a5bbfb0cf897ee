import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { nodeCatalog } from "@nexus-flow/shared/catalog";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

//   start ─► shape (transform) ─► wait (delay) ─► fetch (http.request)
// Nodes and edges sorted by id: the order Export writes.
const orders = {
  schemaVersion: 1,
  id: "orders",
  name: "Orders",
  nodes: [
    { id: "fetch", type: "http.request", position: { x: 720, y: 0 }, config: { method: "GET", url: "https://example.com/orders" } },
    { id: "shape", type: "transform", position: { x: 240, y: 0 }, config: { code: "return input;" } },
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "wait", type: "delay", position: { x: 480, y: 0 }, config: { ms: 1000 } },
  ],
  edges: [
    { id: "e1", source: "start", target: "shape" },
    { id: "e2", source: "shape", target: "wait" },
    { id: "e3", source: "wait", target: "fetch" },
  ],
};

async function importFile(page: Page, name: string, content: unknown): Promise<void> {
  const text = typeof content === "string" ? content : JSON.stringify(content, null, 2);
  await page.locator("#import-file").setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(text) });
}

/** Imports the Orders flow and waits until the editor shows it. */
async function openOrders(page: Page): Promise<void> {
  await importFile(page, "orders.json", orders);
  await page.waitForURL(/#\/flow\/orders$/);
  await page.getByRole("region", { name: "Inspector" }).getByRole("heading", { name: "Flow" }).waitFor();
}

const inspector = (page: Page) => page.getByRole("region", { name: "Inspector" });
const flowsPanel = (page: Page) => page.getByRole("region", { name: "Flows" });
const flowLinks = (page: Page) => flowsPanel(page).getByRole("link");

/** Selects a node from the inspector's node list (works with or without the canvas). */
async function selectNode(page: Page, id: string): Promise<void> {
  const entry = inspector(page).locator(`[data-node-ref="${id}"]`);
  const close = inspector(page).getByRole("button", { name: "Close, show the flow's settings" });
  // Polled, not checked once: right after a navigation the inspector about to be replaced may still show.
  await expect
    .poll(async () => {
      if (await entry.isVisible()) return entry.click({ timeout: 1000 }).then(() => true, () => false);
      if (await close.isVisible()) await close.click({ timeout: 1000 }).catch(() => undefined);
      return false;
    }, { timeout: 15_000 })
    .toBe(true);
  await inspector(page).locator(`[data-inspecting="${id}"]`).waitFor();
}

/** The text of the code editor in a field, once the highlighting editor has replaced the stand-in textarea. */
async function codeIn(page: Page, path: string): Promise<string> {
  const field = inspector(page).locator(`[data-field="${path}"]`);
  await field.locator('.code-editor[data-loaded="true"]').waitFor();
  return field.locator(".prism-code-editor textarea").inputValue();
}

const toasts = (page: Page) => page.locator(".toasts");
const canvasNodes = (page: Page) => page.locator("[data-node-id]");
/** Whether the canvas draws nodes yet (it is being built alongside these panels). */
const canvasDrawsNodes = async (page: Page) => (await canvasNodes(page).count()) > 0;

describe("palette", () => {
  it("groups node types and filters them by title, type and description", async () => {
    app = await openApp();
    const { page } = app;
    await page.getByRole("button", { name: "New flow" }).first().click();
    const palette = page.getByRole("region", { name: "Nodes", exact: true });
    const entries = palette.getByRole("button", { name: /^Add / });
    await expect.poll(() => entries.count()).toBe(nodeCatalog.length);
    // Groups as users know them, in that order; a group with no node types does not show.
    const groups = ["Triggers", "Actions", "Logic", "Code", "Runner"].filter((group) => nodeCatalog.some((entry) => entry.group === group));
    expect(await palette.getByRole("heading").allTextContents()).toEqual(["Nodes", ...groups]);

    const search = palette.getByRole("searchbox", { name: "Search nodes" });
    await search.fill("http");
    await expect.poll(() => entries.allInnerTexts().then((texts) => texts.length)).toBe(1);
    expect(await entries.first().getAttribute("aria-label")).toBe("Add HTTP request");
    await search.fill("transform"); // the type of the Code node
    await expect.poll(() => entries.evaluateAll((buttons) => buttons.map((button) => button.getAttribute("aria-label")))).toEqual(["Add Code"]);
    await search.fill("waits"); // descriptions: Delay "Waits, then…", Merge "Waits for its inputs"
    await expect.poll(() => entries.evaluateAll((buttons) => buttons.map((button) => button.getAttribute("aria-label")))).toEqual(["Add Merge", "Add Delay"]);
    await search.fill("nothing like this");
    await expect.poll(() => entries.count()).toBe(0);
    await palette.getByText("No node matches").waitFor();
    await search.fill("runner");
    await expect.poll(() => entries.evaluateAll((buttons) => buttons.map((button) => button.getAttribute("aria-label")))).toEqual(["Add Database query", "Add Shell command", "Add Python", "Add Docker container"]);
    await search.fill("");
    await expect.poll(() => entries.count()).toBe(nodeCatalog.length);
    expect(app.errors).toEqual([]);
  });

  it("puts the node type on the drag payload for the canvas", async () => {
    app = await openApp();
    const { page } = app;
    await page.getByRole("button", { name: "New flow" }).first().click();
    const entry = page.getByRole("button", { name: "Add HTTP request" });
    await entry.waitFor();
    // (A string: this suite is type-checked without the DOM library.)
    const payload = await page.evaluate(`(() => {
      const data = new DataTransfer();
      document.querySelector('[aria-label="Add HTTP request"]').dispatchEvent(new DragEvent("dragstart", { bubbles: true, dataTransfer: data }));
      return data.getData("application/x-nexus-node-type");
    })()`);
    expect(payload).toBe("http.request");
    expect(await entry.getAttribute("draggable")).toBe("true");
  });

  it("adds a node to the canvas on click and on Enter", async (context) => {
    app = await openApp();
    const { page } = app;
    await page.getByRole("button", { name: "New flow" }).first().click();
    await page.waitForURL(/#\/flow\//);
    await page.getByRole("button", { name: "Add Code" }).waitFor();
    // The palette only asks the canvas to add (onAdd → canvas.addNode); without a canvas
    // that draws nodes there is nothing to observe yet.
    if (!(await canvasDrawsNodes(page))) return context.skip("the canvas does not draw [data-node-id] nodes yet");
    await expect.poll(() => canvasNodes(page).count()).toBe(1);
    await page.getByRole("button", { name: "Add Code" }).click();
    await expect.poll(() => canvasNodes(page).count()).toBe(2);
    // The canvas selects what it adds: the inspector shows the new Code node.
    await expect.poll(() => inspector(page).locator("[data-inspecting]").count()).toBe(1);
    expect(await inspector(page).getByRole("heading", { level: 2 }).innerText()).toBe("Code");
    await page.getByRole("button", { name: "Add Delay" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => canvasNodes(page).count()).toBe(3);
    expect(app.errors).toEqual([]);
  });
});

describe("inspector", () => {
  it("shows a form for each runner node: db.query, shell.exec, python, docker.run", async (context) => {
    app = await openApp();
    const { page } = app;
    await page.getByRole("button", { name: "New flow" }).first().click();
    await page.waitForURL(/#\/flow\//);
    await page.getByRole("button", { name: "Add Database query" }).waitFor();
    if (!(await canvasDrawsNodes(page))) return context.skip("the canvas does not draw [data-node-id] nodes yet");
    const forms: [string, string, Record<string, string>][] = [
      ["Add Database query", "Database query", { connection: "Connection", sql: "SQL", params: "Params", mode: "Mode", maxRows: "Max rows", timeoutMs: "Statement timeout (ms)" }],
      ["Add Shell command", "Shell command", { command: "Command", args: "Args", env: "Env", output: "Output", timeoutMs: "Timeout (ms)" }],
      ["Add Python", "Python", { code: "Python", timeoutMs: "Timeout (ms)", memoryMb: "Memory (MB)" }],
      ["Add Docker container", "Docker container", { image: "Image", command: "Command", env: "Env", stdin: "Stdin", output: "Output", timeoutMs: "Timeout (ms)", memoryMb: "Memory (MB)", network: "Network", pull: "Pull" }],
    ];
    for (const [button, title, fields] of forms) {
      await page.getByRole("button", { name: button }).click();
      await expect.poll(() => inspector(page).getByRole("heading", { level: 2 }).innerText()).toBe(title);
      for (const [key, label] of Object.entries(fields)) expect(await inspector(page).locator(`[data-field="config.${key}"]`).innerText()).toContain(label);
    }
    expect(app.errors).toEqual([]);
  });

  it("edits a transform's code and a delay's ms, and the changes survive a reload", async () => {
    app = await openApp();
    const { page } = app;
    await openOrders(page);

    await selectNode(page, "shape");
    expect(await codeIn(page, "config.code")).toBe("return input;");
    const code = inspector(page).getByRole("textbox", { name: "Code", exact: true });
    await code.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("return { total: input.n * 2 };");
    await page.keyboard.press("Tab"); // leaving the editor commits at once
    // The editor follows the doc: Undo and Redo from the toolbar show up in it.
    await page.getByRole("button", { name: "Undo" }).click();
    await expect.poll(() => codeIn(page, "config.code")).toBe("return input;");
    await page.getByRole("button", { name: "Redo" }).click();
    await expect.poll(() => codeIn(page, "config.code")).toBe("return { total: input.n * 2 };");

    await selectNode(page, "wait");
    const ms = inspector(page).getByRole("spinbutton", { name: "Wait (ms)" });
    expect(await ms.inputValue()).toBe("1000");
    await ms.fill("2500");
    await ms.press("Tab");

    // Nothing selected: the flow's settings.
    await inspector(page).getByRole("button", { name: "Close, show the flow's settings" }).click();
    await inspector(page).getByRole("spinbutton", { name: "Concurrency" }).fill("4");
    await inspector(page).getByRole("spinbutton", { name: "Concurrency" }).press("Tab");
    await page.waitForTimeout(800); // IndexedDB writes settle

    await page.reload();
    await selectNode(page, "shape");
    expect(await codeIn(page, "config.code")).toBe("return { total: input.n * 2 };");
    await selectNode(page, "wait");
    expect(await inspector(page).getByRole("spinbutton", { name: "Wait (ms)" }).inputValue()).toBe("2500");
    await inspector(page).getByRole("button", { name: "Close, show the flow's settings" }).click();
    expect(await inspector(page).getByRole("spinbutton", { name: "Concurrency" }).inputValue()).toBe("4");
    expect(app.errors).toEqual([]);
  });

  it("commits typing after a pause, one undo step per pause, and follows the doc when it changes", async () => {
    app = await openApp();
    const { page } = app;
    await openOrders(page);
    await selectNode(page, "shape");
    const label = inspector(page).getByRole("textbox", { name: "Label" });
    await label.pressSequentially("Shape");
    await expect.poll(() => inspector(page).getByRole("heading", { level: 2 }).innerText()).toBe("Shape"); // committed without leaving the field
    await page.waitForTimeout(600);
    await label.pressSequentially(" orders");
    await expect.poll(() => inspector(page).getByRole("heading", { level: 2 }).innerText()).toBe("Shape orders");

    // Undo (from the toolbar) takes back the last pause's worth; the field follows the doc.
    await page.getByRole("button", { name: "Undo" }).click();
    await expect.poll(() => label.inputValue()).toBe("Shape");
    await page.getByRole("button", { name: "Undo" }).click();
    await expect.poll(() => label.inputValue()).toBe("");
    await page.getByRole("button", { name: "Redo" }).click();
    await expect.poll(() => label.inputValue()).toBe("Shape");
    expect(app.errors).toEqual([]);
  });

  it("shows an invalid value's error next to its field and marks the node", async () => {
    app = await openApp();
    const { page } = app;
    await openOrders(page);
    await selectNode(page, "fetch");
    const url = inspector(page).getByRole("combobox", { name: "URL" });
    expect(await url.inputValue()).toBe("https://example.com/orders");
    await url.fill("");
    await url.press("Tab");

    const field = inspector(page).locator('[data-field="config.url"]');
    await field.locator(".field-errors").waitFor();
    expect(await field.locator(".field-errors").innerText()).toMatch(/too small/i);
    expect(await url.getAttribute("aria-invalid")).toBe("true");
    expect(await url.getAttribute("aria-describedby")).toBe(await field.locator(".field-errors").getAttribute("id"));
    // Errors a field names are not repeated at the top.
    expect(await inspector(page).getByRole("group", { name: "Problems" }).count()).toBe(0);

    // Marked on the canvas …
    if (await canvasDrawsNodes(page)) await expect.poll(() => page.locator('[data-node-id="fetch"]').getAttribute("class")).toMatch(/\bhas-issues\b/);
    // … and in the flow's node list.
    await inspector(page).getByRole("button", { name: "Close, show the flow's settings" }).click();
    const item = inspector(page).locator('[data-node-ref="fetch"]');
    expect(await item.getAttribute("data-invalid")).toBe("true");
    expect(await item.getAttribute("aria-label")).toBe("HTTP request (fetch), 1 problem");

    // Undo puts the URL back; the error goes away.
    await page.getByRole("button", { name: "Undo" }).click();
    await selectNode(page, "fetch");
    expect(await inspector(page).getByRole("combobox", { name: "URL" }).inputValue()).toBe("https://example.com/orders");
    await expect.poll(() => field.locator(".field-errors").count()).toBe(0);
    expect(app.errors).toEqual([]);
  });
  it("edits headers as rows and the body as JSON, reporting a parse error in place", async () => {
    app = await openApp();
    const { page } = app;
    await openOrders(page);
    await selectNode(page, "fetch");
    const headers = inspector(page).getByRole("group", { name: "Headers" });
    await headers.getByRole("button", { name: "+ Add header" }).click();
    await headers.getByRole("textbox", { name: "Header name" }).fill("X-Trace");
    await headers.getByRole("textbox", { name: "Header value" }).fill("{{ ctx.run.id }}");
    await headers.getByRole("button", { name: "+ Add header" }).click();
    await headers.getByRole("textbox", { name: "Header name" }).nth(1).fill("X-Gone");
    await headers.getByRole("button", { name: "Remove header X-Gone" }).click();

    const body = inspector(page).locator('[data-field="config.body"]');
    await body.locator('.code-editor[data-loaded="true"]').waitFor();
    await inspector(page).getByRole("textbox", { name: "Body" }).click();
    await page.keyboard.type('{ "id": ');
    await page.keyboard.press("Tab");
    // Polled on the whole field, so a failure shows what the field held instead.
    await expect.poll(() => body.innerText(), { timeout: 30_000 }).toMatch(/Not valid JSON: /);
    await inspector(page).getByRole("textbox", { name: "Body" }).click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type('{ "id": "{{ input.id }}" }');
    await page.keyboard.press("Tab");
    await expect.poll(() => body.locator(".field-errors").count()).toBe(0);
    await page.waitForTimeout(800); // IndexedDB writes settle

    await page.reload();
    await selectNode(page, "fetch");
    expect(await headers.getByRole("textbox", { name: "Header name" }).evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value))).toEqual(["X-Trace"]);
    expect(await headers.getByRole("textbox", { name: "Header value" }).inputValue()).toBe("{{ ctx.run.id }}");
    expect(await codeIn(page, "config.body")).toBe('{\n  "id": "{{ input.id }}"\n}');
    expect(app.errors).toEqual([]);
  });
  it("lists a big flow's first nodes, finds any node by name or id, and shows all on request", async () => {
    app = await openApp();
    const { page } = app;
    const nodes = Array.from({ length: 80 }, (_, i) => ({ id: `step${String(i).padStart(2, "0")}`, type: "noop", label: `Step ${i}`, position: { x: i * 200, y: 0 }, config: {} }));
    await importFile(page, "big.json", { schemaVersion: 1, id: "big", name: "Big", nodes, edges: [] });
    await page.waitForURL(/#\/flow\/big$/);
    const rows = inspector(page).locator("[data-node-ref]");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(50);

    const find = inspector(page).getByRole("searchbox", { name: "Find a node" });
    await find.fill("step7");
    await expect.poll(() => rows.count()).toBe(10); // step07 and step70–step79
    await find.fill("Step 42");
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().click();
    await inspector(page).locator('[data-inspecting="step42"]').waitFor();
    await inspector(page).getByRole("button", { name: "Close, show the flow's settings" }).click();

    await inspector(page).getByRole("searchbox", { name: "Find a node" }).fill("");
    await inspector(page).getByRole("button", { name: "Show all 80 nodes" }).click();
    await expect.poll(() => rows.count()).toBe(80);
    expect(app.errors).toEqual([]);
  });

  it("keeps the node list in name order when a node is renamed, and when the rename is undone", async () => {
    app = await openApp();
    const { page } = app;
    const nodes = ["Bravo", "Charlie", "Delta"].map((label, i) => ({ id: label.toLowerCase(), type: "noop", label, position: { x: i * 240, y: 0 }, config: {} }));
    await importFile(page, "order.json", { schemaVersion: 1, id: "order", name: "Order", nodes, edges: [] });
    await page.locator('.canvas[data-ready="true"]').waitFor();
    const listed = () => inspector(page).locator("[data-node-ref]").evaluateAll((rows) => rows.map((row) => row.querySelector(".node-list-name")?.textContent));
    await expect.poll(listed).toEqual(["Bravo", "Charlie", "Delta"]);
    await page.locator('[data-node-id="delta"]').focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("F2");
    await page.keyboard.type("Alpha");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator('[data-node-id="delta"]').getAttribute("aria-label")).toBe("Alpha");
    await inspector(page).getByRole("button", { name: "Close, show the flow's settings" }).click();
    await expect.poll(listed).toEqual(["Alpha", "Bravo", "Charlie"]);
    // Undone with the list open: it re-sorts in place.
    await page.getByRole("button", { name: "Undo" }).click();
    await expect.poll(listed).toEqual(["Bravo", "Charlie", "Delta"]);
    expect(app.errors).toEqual([]);
  });
});

describe("flows list", () => {
  it("creates, renames, duplicates, searches, and deletes with undo", async () => {
    app = await openApp();
    const { page } = app;
    await flowsPanel(page).getByRole("button", { name: "New flow" }).click();
    await page.waitForURL(/#\/flow\/untitled-flow$/);
    const first = flowLinks(page).filter({ hasText: "Untitled flow" });
    expect(await first.getAttribute("aria-current")).toBe("page");

    // Inline rename: double-click, type, Enter.
    await first.dblclick();
    const rename = flowsPanel(page).getByRole("textbox", { name: "Flow name" });
    await rename.fill("Orders");
    await rename.press("Enter");
    await flowsPanel(page).getByRole("link", { name: "Orders", exact: true }).waitFor();
    await expect.poll(() => page.getByRole("toolbar", { name: "Flow" }).getByRole("textbox", { name: "Flow name" }).inputValue()).toBe("Orders");

    // Rename from the menu; Escape cancels.
    await flowsPanel(page).getByRole("button", { name: "Actions for Orders", exact: true }).click();
    await page.getByRole("menuitem", { name: "Rename" }).click();
    await rename.fill("Not this");
    await rename.press("Escape");
    await flowsPanel(page).getByRole("link", { name: "Orders", exact: true }).waitFor();
    expect(await flowLinks(page).allInnerTexts()).not.toContainEqual(expect.stringContaining("Not this"));

    // Duplicate.
    await flowsPanel(page).getByRole("button", { name: "Actions for Orders", exact: true }).click();
    await page.getByRole("menuitem", { name: "Duplicate" }).click();
    await flowsPanel(page).getByRole("link", { name: "Orders (copy)", exact: true }).waitFor();
    await flowsPanel(page).getByRole("button", { name: "New flow" }).click();
    await page.waitForURL(/#\/flow\/untitled-flow-2$/);
    await expect.poll(() => flowLinks(page).count()).toBe(3);

    // Search.
    const search = flowsPanel(page).getByRole("searchbox", { name: "Search flows" });
    await search.fill("copy");
    await expect.poll(() => flowLinks(page).count()).toBe(1);
    expect(await flowLinks(page).first().innerText()).toContain("Orders (copy)");
    await search.fill("");
    await expect.poll(() => flowLinks(page).count()).toBe(3);

    // Delete, then Undo from the toast.
    await flowsPanel(page).getByRole("button", { name: "Actions for Orders (copy)", exact: true }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    await expect.poll(() => flowLinks(page).count()).toBe(2);
    expect(await toasts(page).innerText()).toContain("Deleted “Orders (copy)”");
    await toasts(page).getByRole("button", { name: "Undo" }).click();
    await flowsPanel(page).getByRole("link", { name: "Orders (copy)", exact: true }).waitFor();
    await expect.poll(() => flowLinks(page).count()).toBe(3);

    // Opening from the list moves the highlight.
    await flowsPanel(page).getByRole("link", { name: "Orders", exact: true }).click();
    await page.waitForURL(/#\/flow\/untitled-flow$/);
    // The highlight follows the route a moment after the URL changes.
    await expect.poll(() => flowsPanel(page).getByRole("link", { name: "Orders", exact: true }).getAttribute("aria-current")).toBe("page");
    expect(app.errors).toEqual([]);
  });
});

describe("versions", () => {
  it("keeps the flows list's rows while a flow is edited or another opened, moving the edited one to the top without drawing them again", async () => {
    app = await openApp();
    const { page } = app;
    await flowsPanel(page).getByRole("button", { name: "New flow" }).click();
    await page.waitForURL(/#\/flow\/untitled-flow$/);
    await openOrders(page);
    await expect.poll(() => flowLinks(page).allInnerTexts()).toEqual([expect.stringContaining("Orders"), expect.stringContaining("Untitled flow")]);
    // A mark on each row element: a row drawn again (a new element) loses it.
    const markRows = () => page.locator(".flow-row").evaluateAll((rows) => rows.forEach((row) => ((row as HTMLElement & { mark?: string }).mark = row.getAttribute("data-flow-id")!)));
    const marks = () => page.locator(".flow-row").evaluateAll((rows) => rows.map((row) => `${row.getAttribute("data-flow-id")}=${(row as HTMLElement & { mark?: string }).mark}`));
    await markRows();
    await selectNode(page, "shape");
    for (const part of ["Sh", "ape", " it"]) {
      await inspector(page).getByRole("textbox", { name: "Label" }).pressSequentially(part);
      await page.waitForTimeout(600); // each pause commits an edit to the doc
    }
    await page.waitForTimeout(1_200); // the row's time, written at most a second after an edit
    expect(await marks()).toEqual(["orders=orders", "untitled-flow=untitled-flow"]);

    await flowLinks(page).filter({ hasText: "Untitled flow" }).click();
    await page.waitForURL(/#\/flow\/untitled-flow$/);
    await expect.poll(() => flowLinks(page).filter({ hasText: "Untitled flow" }).getAttribute("aria-current")).toBe("page");
    // The list moved into the next flow's editor, not drawn again (app.tsx).
    await selectNode(page, "start");
    expect(await marks()).toEqual(["orders=orders", "untitled-flow=untitled-flow"]);
    await inspector(page).getByRole("textbox", { name: "Label" }).pressSequentially("Go");
    // The edited flow comes first, its row moved, not drawn again.
    await expect.poll(() => flowLinks(page).allInnerTexts(), { timeout: 5_000 }).toEqual([expect.stringContaining("Untitled flow"), expect.stringContaining("Orders")]);
    expect(await marks()).toEqual(["untitled-flow=untitled-flow", "orders=orders"]);
    expect(app.errors).toEqual([]);
  });

  it("publishes two versions, opens one read-only and restores version 1 as the draft", async () => {
    app = await openApp();
    const { page } = app;
    await openOrders(page);
    const dialog = page.getByRole("dialog", { name: "Versions" });
    const rows = dialog.getByRole("list", { name: "Published versions" }).getByRole("listitem");

    await page.getByRole("button", { name: "Versions" }).click();
    await dialog.waitFor();
    await dialog.getByText("Nothing published yet").waitFor();
    await dialog.getByRole("textbox", { name: "Version note" }).fill("first cut");
    await dialog.getByRole("button", { name: "Publish" }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain("first cut");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });

    await selectNode(page, "wait");
    await inspector(page).getByRole("spinbutton", { name: "Wait (ms)" }).fill("5000");
    await inspector(page).getByRole("spinbutton", { name: "Wait (ms)" }).press("Tab");

    await page.getByRole("button", { name: "Versions" }).click();
    await dialog.getByRole("button", { name: "Publish" }).click();
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.evaluateAll((items) => items.map((item) => item.getAttribute("aria-label")))).toEqual(["Version 2", "Version 1"]);
    expect(await rows.first().innerText()).toContain("No note");

    // Open version 1 read-only.
    await dialog.getByRole("button", { name: "Open version 1" }).click();
    await page.waitForURL(/#\/flow\/orders\/version\/1$/);
    await dialog.waitFor({ state: "hidden" });
    await selectNode(page, "wait");
    const ms = inspector(page).getByRole("spinbutton", { name: "Wait (ms)" });
    expect(await ms.inputValue()).toBe("1000");
    expect(await ms.isDisabled()).toBe(true);
    expect(await inspector(page).getByRole("button", { name: "Delete node" }).count()).toBe(0);
    await page.getByRole("button", { name: "Back to draft" }).click();
    await page.waitForURL(/#\/flow\/orders$/);

    // Restore version 1 as the draft: the draft is version 2, so nothing is lost and it does not ask.
    await selectNode(page, "wait");
    expect(await inspector(page).getByRole("spinbutton", { name: "Wait (ms)" }).inputValue()).toBe("5000");
    await page.getByRole("button", { name: "Versions" }).click();
    await dialog.getByRole("button", { name: "Restore version 1" }).click();
    await toasts(page).getByText("Version 1 restored as the draft").waitFor();
    await dialog.waitFor({ state: "hidden" });
    await expect.poll(() => inspector(page).getByRole("spinbutton", { name: "Wait (ms)" }).inputValue()).toBe("1000");
    expect(app.errors).toEqual([]);
  });
});

describe("import and export", () => {
  it("refuses an invalid file with the validator's message and path, and changes nothing", async () => {
    app = await openApp();
    const { page } = app;
    await openOrders(page);
    await expect.poll(() => flowLinks(page).count()).toBe(1);
    const broken = { ...orders, id: "broken", name: "Broken", nodes: orders.nodes.map((node) => (node.id === "fetch" ? { ...node, config: { url: "" } } : node)) };
    await importFile(page, "broken.json", broken);
    await toasts(page).getByText("broken.json was not imported: nodes[0].config.url: Too small").waitFor();
    expect(await flowLinks(page).count()).toBe(1);
    await importFile(page, "garbage.json", "{ not json");
    await toasts(page).getByText("garbage.json was not imported").waitFor();
    expect(await flowLinks(page).count()).toBe(1);
    expect(page.url()).toMatch(/#\/flow\/orders$/);
  });

  it("exports the flow as the same JSON format Import reads", async () => {
    app = await openApp();
    const { page } = app;
    await openOrders(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export" }).click()]);
    expect(download.suggestedFilename()).toBe("orders.json");
    const text = readFileSync((await download.path())!, "utf8");
    expect(JSON.parse(text)).toEqual(orders);

    // It imports again: "orders" is taken, so Import asks; "Keep both" stores it under a fresh id.
    await importFile(page, "orders.json", text);
    await page.getByRole("dialog", { name: "“Orders” exists already" }).getByRole("button", { name: "Keep both" }).click();
    await page.waitForURL(/#\/flow\/orders-2$/);
    await expect.poll(() => flowLinks(page).count()).toBe(2);
    expect(app.errors).toEqual([]);
  });
});
