import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

//   start ─► make ─► double
const flow = {
  schemaVersion: 1,
  id: "doubling",
  name: "Doubling",
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "make", type: "transform", position: { x: 260, y: 0 }, config: { code: "return { n: 21, tags: ['a', 'b'] }" } },
    { id: "double", type: "transform", position: { x: 520, y: 0 }, config: { code: "return { n: input.n * 2, from: input.tags }" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "make" },
    { id: "e2", source: "make", target: "double" },
  ],
};

describe("inspector: last run", () => {
  it("shows the selected node's input and output after a run, collapsed, with Copy buttons", async () => {
    app = await openApp();
    const { page, context } = app;
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.locator("#import-file").setInputFiles({ name: "doubling.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
    await page.waitForURL(/#\/flow\/doubling$/);
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => page.locator(".rp-status").innerText()).toBe("Succeeded");

    await page.locator('[data-node-id="double"]').click(); // selected on the canvas, as people do
    const inspector = page.getByRole("region", { name: "Inspector" });
    await inspector.locator('[data-inspecting="double"]').waitFor();
    const lastRun = inspector.getByRole("region", { name: "Last run" });
    expect(await lastRun.locator(".run-status").innerText()).toMatch(/succeeded\s*· 1 attempt/i);

    const input = lastRun.getByRole("region", { name: "Last run, what went in" });
    const output = lastRun.getByRole("region", { name: "Last run, what came out" });
    // Collapsed: a summary of the value, opened on request.
    expect(await output.locator("details").first().getAttribute("open")).toBeNull();
    expect(await output.locator("summary").first().innerText()).toContain("{ 2 keys }");
    await output.locator("summary").first().click();
    await expect.poll(() => output.innerText()).toMatch(/n\s*:\s*42/);
    expect(await input.locator("summary").first().innerText()).toContain("{ 2 keys }");

    await lastRun.getByRole("button", { name: "Copy last run output" }).click();
    await expect.poll(async () => JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual({ n: 42, from: ["a", "b"] });
    await lastRun.getByRole("button", { name: "Copy last run input" }).click();
    await expect.poll(async () => JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual({ n: 21, tags: ["a", "b"] });

    // Another node: its own data.
    await page.locator('[data-node-id="make"]').click();
    await inspector.locator('[data-inspecting="make"]').waitFor();
    await lastRun.getByRole("button", { name: "Copy last run output" }).click();
    await expect.poll(async () => JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual({ n: 21, tags: ["a", "b"] });
    expect(app.errors).toEqual([]);
  });
});
