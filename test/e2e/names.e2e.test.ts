import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

// start ─▶ code-k3f9 ─▶ code-a1b2      (two unlabelled Code nodes: "Code" and "Code 2", in id order)
const flow = {
  schemaVersion: 1,
  id: "names",
  name: "Names",
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "code-k3f9", type: "transform", position: { x: 300, y: 0 }, config: { code: "return 1;" } },
    { id: "code-a1b2", type: "transform", position: { x: 600, y: 0 }, config: { code: "return input + 1;" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "code-k3f9" },
    { id: "e2", source: "code-k3f9", target: "code-a1b2" },
  ],
};

const node = (page: Page, id: string) => page.locator(`[data-node-id="${id}"]`);

describe("names people see", () => {
  it("names unlabelled nodes by type and ordinal, the same on the canvas, log, timeline and Data tab", async () => {
    app = await openApp();
    const { page } = app;
    await page.locator("#import-file").setInputFiles({ name: "names.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
    await page.waitForURL(/#\/flow\/names$/);
    await page.locator('.canvas[data-ready="true"]').waitFor();
    expect(await node(page, "code-a1b2").getAttribute("aria-label")).toBe("Code");
    expect(await node(page, "code-k3f9").getAttribute("aria-label")).toBe("Code 2");
    // The id is there on hover.
    expect(await node(page, "code-k3f9").locator(".node-title").getAttribute("title")).toBe("code-k3f9");

    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => page.locator(".rp-status").innerText()).toBe("Succeeded");
    await page.getByRole("tab", { name: "Log" }).click();
    const log = page.getByRole("log", { name: "Run log" });
    await expect.poll(() => log.innerText()).toContain("Code 2");
    expect(await log.innerText()).not.toContain("code-k3f9");
    const filter = page.getByRole("combobox", { name: "Filter by node" });
    expect(await filter.locator("option").allInnerTexts()).toEqual(expect.arrayContaining(["Code", "Code 2", "Manual trigger"]));
    await page.getByRole("tab", { name: "Timeline" }).click();
    const timeline = page.getByRole("table", { name: "Timeline" });
    expect(await timeline.getByRole("button", { name: "Code 2" }).getAttribute("title")).toBe("code-k3f9");
    await page.getByRole("tab", { name: "Data" }).click();
    const picker = page.getByRole("combobox", { name: "Node" });
    expect(await picker.locator("option").allInnerTexts()).toEqual(expect.arrayContaining(["Code", "Code 2"]));
    expect(app.errors).toEqual([]);
  });

  it("renames a node in place with F2 or a double-click; Escape keeps the old name", async () => {
    app = await openApp();
    const { page } = app;
    await page.locator("#import-file").setInputFiles({ name: "names.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
    await page.waitForURL(/#\/flow\/names$/);
    await page.locator('.canvas[data-ready="true"]').waitFor();
    await node(page, "code-k3f9").focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("F2");
    const field = page.getByRole("textbox", { name: "Node name" });
    await expect.poll(() => field.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type("Fetch orders");
    await page.keyboard.press("Enter");
    await expect.poll(() => node(page, "code-k3f9").getAttribute("aria-label")).toBe("Fetch orders");
    // Focus is back on the card: the keyboard carries on from there.
    expect(await node(page, "code-k3f9").evaluate((element) => element === document.activeElement)).toBe(true);

    await node(page, "code-a1b2").locator(".node-title").dblclick();
    await field.fill("Something else");
    await page.keyboard.press("Escape");
    await expect.poll(() => field.count()).toBe(0);
    expect(await node(page, "code-a1b2").getAttribute("aria-label")).toBe("Code");
    // The rename is one undo step.
    await page.keyboard.press("Control+z");
    await expect.poll(() => node(page, "code-k3f9").getAttribute("aria-label")).toBe("Code 2");
    expect(app.errors).toEqual([]);
  });

  it("names a second node of a type with an ordinal as it is added, so later additions never renumber it", async () => {
    app = await openApp();
    const { page } = app;
    await page.getByRole("button", { name: "New flow" }).first().click();
    await page.locator('.canvas[data-ready="true"]').waitFor();
    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Add HTTP request" }).click();
    const labels = () => page.locator('[data-node-id][data-node-type="http.request"]').evaluateAll((list) => list.map((element) => element.getAttribute("aria-label")).sort());
    await expect.poll(labels).toEqual(["HTTP request", "HTTP request 2", "HTTP request 3"]);
    expect(app.errors).toEqual([]);
  });

  it("names the node in validation messages (Publish refuses an invalid flow)", async () => {
    app = await openApp();
    const { page } = app;
    // Two unlabelled HTTP requests: "HTTP request" and "HTTP request 2".
    const calls = {
      schemaVersion: 1,
      id: "calls",
      name: "Calls",
      nodes: [
        { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
        { id: "http-request-aa", type: "http.request", position: { x: 300, y: 0 }, config: { method: "GET", url: "https://example.com/a" } },
        { id: "http-request-bb", type: "http.request", position: { x: 300, y: 200 }, config: { method: "GET", url: "https://example.com/b" } },
      ],
      edges: [],
    };
    await page.locator("#import-file").setInputFiles({ name: "calls.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(calls)) });
    await page.waitForURL(/#\/flow\/calls$/);
    await page.locator('.canvas[data-ready="true"]').waitFor();
    await page.locator('[data-node-id="http-request-bb"]').click();
    const url = page.getByRole("region", { name: "Inspector" }).getByRole("combobox", { name: "URL" });
    await url.fill("");
    await url.press("Tab");
    await expect.poll(() => url.getAttribute("aria-invalid")).toBe("true");
    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByRole("dialog", { name: "Publish a version" }).getByRole("button", { name: "Publish" }).click(); // the note is optional
    const refusal = page.locator(".toast-error", { hasText: "Cannot publish" });
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain("HTTP request 2 › config.url");
    expect(await refusal.innerText()).not.toContain("nodes[");
    expect(app.errors).toEqual([]);
  });
});
