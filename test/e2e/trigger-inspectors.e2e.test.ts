/**
 * The trigger inspectors (issue 12) in real Chromium against a real `wrangler dev` hub: a
 * schedule node lists its next five fire times in words and in its time zone (what croner,
 * the hub's calendar, says); a webhook node shows the production URL the hub gave it once
 * published to the team, and "Listen for test event" pins the request its test URL caught as
 * the node's data (an editor run continues from it), starting no team run.
 */
import { Cron } from "croner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWranglerDev, type WranglerDev } from "../control/support/wrangler-dev.ts";
import { call, createTeam, type TestTeam } from "../control/support/control-api.ts";
import { openApp } from "./support/app-page.ts";
import { lowContrastText } from "./support/contrast.ts";
import { outputOf, storedLogs } from "./support/stored-runs.ts";

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

//   hook (webhook) ─► shape (transform)
const hooked = {
  schemaVersion: 1,
  id: "hooked",
  name: "Hooked",
  nodes: [
    { id: "hook", type: "trigger.webhook", position: { x: 0, y: 0 }, config: { method: "POST", respond: "accepted" } },
    { id: "shape", type: "transform", position: { x: 260, y: 0 }, config: { code: 'return { doubled: input.body.n * 2, order: input.headers["x-order"], source: input.query.source };' } },
  ],
  edges: [{ id: "e1", source: "hook", target: "shape" }],
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

  it("webhook: the production URL after Publish to team; a test event is pinned as the node's data, an editor run continues from it, and no team run starts", async () => {
    const app = await openApp(`/#team=${encodeURIComponent(relay.url)}&token=${encodeURIComponent(await team.token("editor"))}`);
    try {
      const { page } = app;
      await expect.poll(() => page.url()).not.toContain("token=");
      await page.locator("#import-file").setInputFiles({ name: "hooked.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(hooked)) });
      await page.waitForURL(/#\/flow\/hooked$/);
      const hookNode = page.locator('[data-node-id="hook"]');
      await hookNode.click();
      await expect.poll(() => page.getByText("Publish to team to get this webhook's URL").count()).toBe(1);

      await page.getByRole("button", { name: "Publish to team" }).click();
      const production = page.getByLabel("Production URL");
      await expect.poll(() => production.count(), { timeout: 15_000 }).toBe(1);
      const hooks = (await call(relay.url, team.adminToken, "GET", "/api/flows/hooked/webhooks")).body.webhooks as Array<{ nodeId: string; url: string }>;
      expect(await production.inputValue()).toBe(hooks.find((hook) => hook.nodeId === "hook")!.url);
      expect(await production.inputValue()).toMatch(new RegExp(`^${relay.url}/hooks/\\S+$`));
      expect(await hookNode.getByRole("img", { name: /Pinned data/ }).count()).toBe(0);

      await page.getByRole("button", { name: "Listen for test event" }).click();
      const testUrl = page.getByLabel("Test URL");
      await expect.poll(() => testUrl.count()).toBe(1);
      const sent = await fetch(`${await testUrl.inputValue()}?source=e2e`, { method: "POST", headers: { "content-type": "application/json", "x-order": "A-17" }, body: JSON.stringify({ hello: "world", n: 3 }) });
      expect(sent.status).toBe(200);
      await expect.poll(() => page.getByRole("status").filter({ hasText: "Caught a POST request" }).count(), { timeout: 15_000 }).toBe(1);
      const captured = JSON.parse(await page.locator("[data-captured]").innerText()) as { method: string; headers: Record<string, string>; query: Record<string, string>; body: unknown };
      expect(captured).toMatchObject({ method: "POST", query: { source: "e2e" }, body: { hello: "world", n: 3 } });
      expect(captured.headers["x-order"]).toBe("A-17");

      // Pinned: the canvas marks the node and the inspector's Pinned data shows the request.
      await hookNode.getByRole("img", { name: /Pinned data/ }).waitFor({ timeout: 15_000 });
      expect(JSON.parse(await page.getByLabel("Pinned output").innerText())).toEqual(captured);

      // An editor run continues from the pinned request: the trigger does not run, its data flows on.
      await page.getByRole("button", { name: "Run", exact: true }).click();
      await expect.poll(async () => (await storedLogs(page)).filter((log) => log.at(-1)?.type === "run.finished").length, { timeout: 15_000 }).toBe(1);
      const [log] = await storedLogs(page);
      expect(log!.find((event) => event.type === "node.succeeded" && event.nodeId === "hook")).toMatchObject({ pinned: true });
      expect(outputOf(log!, "shape")).toEqual({ doubled: 6, order: "A-17", source: "e2e" });
      expect((await call(relay.url, team.adminToken, "GET", "/api/runs?flowId=hooked")).body.runs).toEqual([]);

      // The pin is one undoable edit.
      await page.keyboard.press("ControlOrMeta+Z");
      await expect.poll(() => hookNode.getByRole("img", { name: /Pinned data/ }).count(), { timeout: 15_000 }).toBe(0);
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
