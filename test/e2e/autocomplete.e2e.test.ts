import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";
import { importFlow } from "./support/canvas-flows.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

//   start ─► shape (returns a user and items) ─► use (the code being written) ─► call (a URL template; fails, and the run goes on)
const flow = {
  schemaVersion: 1,
  id: "complete",
  name: "Autocomplete",
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "shape", type: "transform", position: { x: 280, y: 0 }, config: { code: 'return { user: { name: "Ada", plan: "pro" }, items: [1, 2] };' } },
    { id: "use", type: "transform", position: { x: 560, y: 0 }, config: { code: "" } },
    { id: "call", type: "http.request", onError: "continue", position: { x: 840, y: 0 }, config: { url: "http://127.0.0.1:9/users/" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "shape" },
    { id: "e2", source: "shape", target: "use" },
    { id: "e3", source: "use", target: "call" },
  ],
};

const suggestions = (page: Page) => page.getByRole("listbox", { name: "Suggestions" });
const options = (page: Page) => suggestions(page).getByRole("option").evaluateAll((items) => items.map((item) => item.querySelector(".completion-label")!.textContent));
const code = (page: Page) => page.getByRole("textbox", { name: "Code", exact: true });

describe("autocomplete in code fields", () => {
  it("completes input. and ctx.nodes.<id>. from the last run, by keyboard", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, flow);
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => page.locator(".rp-status").innerText()).toBe("Succeeded");

    await page.locator('[data-node-id="use"]').click();
    // The highlighting editor loads on demand and replaces a plain stand-in: type into the real one.
    await page.locator('.code-editor[data-loaded="true"]').first().waitFor();
    await code(page).click();
    await page.keyboard.type("return input.");
    await expect.poll(() => options(page)).toEqual(["user", "items"]);
    const field = code(page);
    expect(await field.getAttribute("aria-controls")).toBe(await suggestions(page).getAttribute("id"));
    expect(await field.getAttribute("aria-autocomplete")).toBe("list");
    // Arrows move the active option; Enter inserts it (not a new line).
    await page.keyboard.press("ArrowDown");
    const active = await field.getAttribute("aria-activedescendant");
    expect(await page.locator(`[id="${active}"]`).getAttribute("aria-selected")).toBe("true");
    expect(await page.locator(`[id="${active}"] .completion-label`).innerText()).toBe("items");
    await page.keyboard.press("Enter");
    await expect.poll(() => field.inputValue()).toBe("return input.items");
    await expect.poll(() => suggestions(page).isVisible()).toBe(false);

    // ctx.nodes lists the nodes that recorded output; typing filters; Tab inserts.
    await page.keyboard.type(" && ctx.nodes.");
    await expect.poll(() => options(page)).toEqual(expect.arrayContaining(["start", "shape"]));
    await page.keyboard.type("sh");
    await expect.poll(() => options(page)).toEqual(["shape"]);
    await page.keyboard.press("Tab");
    await page.keyboard.type(".user.");
    await expect.poll(() => options(page)).toEqual(["name", "plan"]);
    await page.screenshot({ path: "/tmp/editor2-autocomplete.png" });
    // Escape closes the list and leaves the text as typed.
    await page.keyboard.press("Escape");
    await expect.poll(() => suggestions(page).isVisible()).toBe(false);
    expect(await field.inputValue()).toBe("return input.items && ctx.nodes.shape.user.");

    // A URL's `{{ }}` template completes too, and only inside the braces.
    await page.locator('[data-node-id="call"]').click();
    // A one-line field with a suggestions popup is a combobox (WAI-ARIA 1.2), expanded while the list shows.
    const url = page.getByRole("combobox", { name: "URL" });
    await url.click();
    await url.press("End");
    await page.keyboard.type("input.");
    await page.waitForTimeout(200);
    expect(await suggestions(page).isVisible()).toBe(false);
    expect(await url.getAttribute("aria-expanded")).toBe("false");
    await page.keyboard.type("{{ ctx.nodes.shape.user.");
    await expect.poll(() => options(page)).toEqual(["name", "plan"]);
    expect(await url.getAttribute("aria-expanded")).toBe("true");
    expect(await url.getAttribute("aria-autocomplete")).toBe("list");
    expect(await url.getAttribute("aria-controls")).toBe(await suggestions(page).getAttribute("id"));
    await page.keyboard.press("ArrowDown");
    expect(await page.locator(`[id="${await url.getAttribute("aria-activedescendant")}"]`).textContent()).toContain("plan");
    await page.keyboard.press("Enter");
    expect(await url.inputValue()).toBe("http://127.0.0.1:9/users/input.{{ ctx.nodes.shape.user.plan");
    expect(await url.getAttribute("aria-expanded")).toBe("false");
    expect(app.errors).toEqual([]);
  });
});
