/**
 * The trigger inspectors (issue 12) in real Chromium against a real `wrangler dev` hub: a
 * schedule node lists its next five fire times in words and in its time zone (what croner,
 * the hub's calendar, says); a webhook node shows the production URL the hub gave it once
 * published to the team, and "Listen for test event" shows the request its test URL caught,
 * starting no run.
 */
import { Cron } from "croner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWranglerDev, type WranglerDev } from "../control/support/wrangler-dev.ts";
import { call, createTeam, type TestTeam } from "../control/support/control-api.ts";
import { openApp } from "./support/app-page.ts";
import { lowContrastText } from "./support/contrast.ts";

let relay: WranglerDev;
let team: TestTeam;

beforeAll(async () => {
  relay = await startWranglerDev();
  team = await createTeam(relay.url, "inspector team");
});
afterAll(async () => {
  await relay?.dispose();
});

//   hook (webhook) ─► shape (transform) ◄─ nightly (schedule)
const flow = {
  schemaVersion: 1,
  id: "triggered",
  name: "Triggered",
  nodes: [
    { id: "hook", type: "trigger.webhook", position: { x: 0, y: 0 }, config: { method: "POST", respond: "accepted" } },
    { id: "nightly", type: "trigger.schedule", position: { x: 0, y: 160 }, config: { cron: "30 9 * * 1-5", timezone: "America/New_York" } },
    { id: "shape", type: "transform", position: { x: 260, y: 80 }, config: { code: "return input" } },
  ],
  edges: [
    { id: "e1", source: "hook", target: "shape" },
    { id: "e2", source: "nightly", target: "shape" },
  ],
};

const nextFive = (cron: string, timezone: string) => new Cron(cron, { timezone, paused: true }).nextRuns(5).map((at) => at.toISOString());

describe("trigger inspectors", () => {
  it("schedule: the cron in words and the next five fire times in the flow's time zone, following edits", async () => {
    const app = await openApp();
    try {
      const { page } = app;
      await page.locator("#import-file").setInputFiles({ name: "triggered.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
      await page.waitForURL(/#\/flow\/triggered$/);
      await page.locator('[data-node-id="nightly"]').click();
      await expect.poll(() => page.locator("[data-schedule-words]").innerText()).toBe("At 09:30, Monday through Friday (America/New_York)");
      const times = page.getByRole("list", { name: "Next five fire times" }).locator("li");
      expect(await times.evaluateAll((items) => items.map((item) => item.getAttribute("data-at")))).toEqual(nextFive("30 9 * * 1-5", "America/New_York"));
      // Each time is written in the zone's own clock: 09:30 and the zone's name (EST or EDT).
      for (const text of await times.allInnerTexts()) expect(text).toMatch(/09:30:00 E[SD]T$/);

      await page.getByLabel("Timezone", { exact: true }).fill("Asia/Tokyo");
      await page.getByLabel("Timezone", { exact: true }).press("Tab");
      await expect.poll(() => page.locator("[data-schedule-words]").innerText()).toContain("(Asia/Tokyo)");
      expect(await times.evaluateAll((items) => items.map((item) => item.getAttribute("data-at")))).toEqual(nextFive("30 9 * * 1-5", "Asia/Tokyo"));

      await page.getByRole("combobox", { name: /^Cron/ }).fill("*/20 * * * * *");
      await page.getByRole("combobox", { name: /^Cron/ }).press("Tab");
      await expect.poll(() => page.locator("[data-schedule-words]").innerText()).toBe("Every 20 seconds (Asia/Tokyo)");
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        expect({ colorScheme, found: await lowContrastText(page) }).toEqual({ colorScheme, found: [] });
      }
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it("webhook: the production URL after Publish to team, and a test event caught without a run", async () => {
    const app = await openApp(`/#team=${encodeURIComponent(relay.url)}&token=${encodeURIComponent(await team.token("editor"))}`);
    try {
      const { page } = app;
      await expect.poll(() => page.url()).not.toContain("token=");
      await page.locator("#import-file").setInputFiles({ name: "triggered.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
      await page.waitForURL(/#\/flow\/triggered$/);
      await page.locator('[data-node-id="hook"]').click();
      await expect.poll(() => page.getByText("Publish to team to get this webhook's URL").count()).toBe(1);

      await page.getByRole("button", { name: "Publish to team" }).click();
      const production = page.getByLabel("Production URL");
      await expect.poll(() => production.count(), { timeout: 15_000 }).toBe(1);
      const hooks = (await call(relay.url, team.adminToken, "GET", "/api/flows/triggered/webhooks")).body.webhooks as Array<{ nodeId: string; url: string }>;
      expect(await production.inputValue()).toBe(hooks.find((hook) => hook.nodeId === "hook")!.url);
      expect(await production.inputValue()).toMatch(new RegExp(`^${relay.url}/hooks/\\S+$`));

      await page.getByRole("button", { name: "Listen for test event" }).click();
      const testUrl = page.getByLabel("Test URL");
      await expect.poll(() => testUrl.count()).toBe(1);
      const sent = await fetch(`${await testUrl.inputValue()}?source=e2e`, { method: "POST", headers: { "content-type": "application/json", "x-order": "A-17" }, body: JSON.stringify({ hello: "world", n: 3 }) });
      expect(sent.status).toBe(200);
      await expect.poll(() => page.getByRole("status").filter({ hasText: "Caught a POST request" }).count()).toBe(1);
      const captured = JSON.parse(await page.locator("[data-captured]").innerText()) as { method: string; headers: Record<string, string>; query: Record<string, string>; body: unknown };
      expect(captured).toMatchObject({ method: "POST", query: { source: "e2e" }, body: { hello: "world", n: 3 } });
      expect(captured.headers["x-order"]).toBe("A-17");
      expect((await call(relay.url, team.adminToken, "GET", "/api/runs?flowId=triggered")).body.runs).toEqual([]);
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        expect({ colorScheme, found: await lowContrastText(page) }).toEqual({ colorScheme, found: [] });
      }
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
