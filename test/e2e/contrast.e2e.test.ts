import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";
import { lowContrastText, type LowContrast } from "./support/contrast.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

// start ─▶ check ─true─▶ yes
//               └false─▶ no  (skipped in the run: the "skipped" pill and status)
const flow = {
  schemaVersion: 1,
  id: "contrast",
  name: "Contrast",
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "check", type: "condition", position: { x: 260, y: 0 }, config: { expression: "1 + 1 === 2" } },
    { id: "yes", type: "noop", position: { x: 520, y: -80 }, config: {} },
    { id: "no", type: "noop", position: { x: 520, y: 80 }, config: {} },
  ],
  edges: [
    { id: "e1", source: "start", target: "check" },
    { id: "e2", source: "check", target: "yes", sourcePort: "true" },
    { id: "e3", source: "check", target: "no", sourcePort: "false" },
  ],
};

/** Checks the page as it is now, in the light and the dark theme; labels each finding with where it was. */
async function checkBothThemes(page: Page, where: string, found: Array<LowContrast & { where: string }>): Promise<void> {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const item of await lowContrastText(page)) found.push({ ...item, where: `${where} (${colorScheme})` });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

describe("contrast", () => {
  it("every text on the editor's screens meets WCAG AA in the light and the dark theme", async () => {
    app = await openApp();
    const { page } = app;
    const found: Array<LowContrast & { where: string }> = [];
    await page.locator("#import-file").setInputFiles({ name: "contrast.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
    await page.waitForURL(/#\/flow\/contrast$/);
    await page.locator('.canvas[data-ready="true"]').waitFor();
    // Palette descriptions, the flow list's "just now" on the selected flow, "No run yet".
    await page.waitForTimeout(300); // toasts fade in: check them at full opacity
    await checkBothThemes(page, "editor before a run", found);
    // The inspector: section titles and field help.
    await page.locator('[data-node-id="check"]').click();
    await checkBothThemes(page, "inspector", found);
    // After a run: statuses, the "skipped" pill, log timestamps, the timeline.
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => page.locator(".rp-status").innerText()).toBe("Succeeded");
    await expect.poll(() => page.locator('[data-node-id="no"]').getAttribute("data-status")).toBe("skipped");
    await page.getByRole("tab", { name: "Log" }).click();
    await checkBothThemes(page, "log", found);
    await page.getByRole("tab", { name: "Timeline" }).click();
    await checkBothThemes(page, "timeline", found);
    await page.getByRole("tab", { name: "History" }).click();
    await checkBothThemes(page, "history", found);
    expect(found).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
