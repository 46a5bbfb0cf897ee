/**
 * The Dashboard (issue 12) against a real `wrangler dev` hub and a real runner process: after
 * a burst of headless runs, some failing, every figure the page shows equals `/api/stats`;
 * a further run shows up without a reload, pushed by the hub (live); the charts are uPlot canvases whose
 * summary says the same in words; a latest failure's link opens that run's Log (filtered to
 * the failing node) and Timeline (its row marked, in view), also after a reload; and its text
 * meets WCAG AA in both themes.
 */
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCliForTests } from "../../runner/test-support/built-cli.ts";
import { eventually } from "../support/dev-process.ts";
import { startWranglerDev, type WranglerDev } from "../control/support/wrangler-dev.ts";
import { startRunner, type RunnerProcess } from "../control/support/runner-process.ts";
import { call, createTeam, type TestTeam } from "../control/support/control-api.ts";
import { figuresOf, throughputSummary, type TeamStats } from "../../app/src/dashboard/dashboard-stats.ts";
import { openApp } from "./support/app-page.ts";
import { lowContrastText } from "./support/contrast.ts";

let relay: WranglerDev;
let team: TestTeam;
let runner: RunnerProcess;

beforeAll(async () => {
  buildCliForTests();
  relay = await startWranglerDev();
  team = await createTeam(relay.url, "dashboard team");
  runner = await startRunner(relay.url, await team.token("runner"), { name: "dash-runner", concurrency: 4 });
  await runner.connected();
});
afterAll(async () => {
  await runner?.dispose();
  await relay?.dispose();
});

//   start (manual) ─► work (transform: throws when input.fail)
const flow = (id: string) => ({
  schemaVersion: 1,
  id,
  name: id,
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "work", type: "transform", position: { x: 240, y: 0 }, config: { code: "if (input.fail) throw new Error('asked to fail'); return { ok: true }" } },
  ],
  edges: [{ id: "e1", source: "start", target: "work" }],
});

async function burst(flowId: string, fails: readonly boolean[]): Promise<void> {
  for (const fail of fails) expect((await call(relay.url, team.adminToken, "POST", `/api/flows/${flowId}/runs`, { input: { fail } })).status).toBe(202);
}

async function allFinished(count: number): Promise<void> {
  await eventually(async () => {
    const runs = (await call(relay.url, team.adminToken, "GET", "/api/runs?limit=500")).body.runs as Array<{ status: string }>;
    if (runs.length !== count || runs.some((run) => run.status !== "succeeded" && run.status !== "failed")) throw new Error(`${runs.length} runs, not all finished`);
    return true;
  }, 60_000);
}

/** The run's section: in view, Log tab filtered to `work` with its error, Timeline with `work`'s row marked and in view. */
async function openedAtFailingNode(page: Page, runId: string): Promise<void> {
  const section = page.getByRole("region", { name: /^Run \S+ at node work$/ });
  await section.waitFor({ timeout: 15_000 });
  expect(await section.innerText()).toContain(runId);
  expect(await page.locator('[data-failed-run][aria-current="true"]').getAttribute("data-failed-run")).toBe(runId);
  await expect.poll(() => inView(section)).toBe(true);
  expect(await section.getByRole("tab", { name: "Log" }).getAttribute("aria-selected")).toBe("true");
  // The filter's options come with the run's nodes, a moment after the section shows.
  await expect.poll(() => section.getByLabel("Filter by node").inputValue(), { timeout: 15_000 }).toBe("work");
  const log = section.getByRole("log", { name: "Run log" });
  await expect.poll(() => log.innerText(), { timeout: 15_000 }).toContain("asked to fail");
  // Only the failing node's lines (named as the run panel names nodes: `work` is a "Code" node).
  await expect.poll(async () => [...new Set(await log.locator(".rp-log-node").allInnerTexts())]).toEqual(["Code"]);
  await section.getByRole("tab", { name: "Timeline" }).click();
  const marked = section.locator('.rp-gantt-row[aria-current="true"]');
  await expect.poll(() => marked.count()).toBe(1);
  expect(await marked.getByRole("rowheader").innerText()).toBe("Code");
  expect(await marked.getByRole("button").getAttribute("title")).toBe("work");
  await expect.poll(() => inView(marked)).toBe(true);
}

const inView = (locator: Locator) =>
  locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.height > 0 && box.top >= 0 && box.top < window.innerHeight;
  });

describe("the Dashboard", () => {
  it("after a burst of runs (some failing) shows the figures of /api/stats, live, with its charts in words, AA in both themes", async () => {
    for (const id of ["orders", "reports"]) expect((await call(relay.url, team.adminToken, "PUT", `/api/flows/${id}`, flow(id))).status).toBe(201);
    await burst("orders", [false, true, false, false, true, false, false, false]);
    await burst("reports", [false, false, true, false]);
    await allFinished(12);

    const app = await openApp(`/#team=${encodeURIComponent(relay.url)}&token=${encodeURIComponent(await team.token("viewer"))}`);
    try {
      const { page } = app;
      await expect.poll(() => page.url()).not.toContain("token=");
      await page.getByRole("link", { name: "Dashboard", exact: true }).click();
      const figure = (key: string) => page.locator(`[data-figure="${key}"]`);
      await expect.poll(() => figure("runs").getAttribute("data-value")).toBe("12");

      const stats = (await call<TeamStats>(relay.url, team.adminToken, "GET", "/api/stats")).body;
      expect(stats.runs.byStatus).toEqual({ succeeded: 9, failed: 3 });
      for (const expected of figuresOf(stats)) {
        if (expected.key === "slotsInUse" || expected.key === "queueDepth") continue; // live gauges: checked below once idle
        expect({ key: expected.key, value: await figure(expected.key).getAttribute("data-value"), text: await figure(expected.key).locator("dd").innerText() })
          .toEqual({ key: expected.key, value: expected.value === null ? "" : String(expected.value), text: expected.text });
      }
      await expect.poll(() => figure("slotsInUse").locator("dd").innerText()).toBe("0 / 4");
      expect(await figure("queueDepth").locator("dd").innerText()).toBe("0");
      expect(await figure("successRate").locator("dd").innerText()).toBe("75.0 %");

      // Failures per flow, failing nodes and the latest failures, as /api/stats says.
      expect(await page.locator('[data-flow="orders"]').innerText()).toMatch(/orders\s+8\s+2\s+75\.0 %/);
      expect(await page.locator('[data-flow="reports"]').innerText()).toMatch(/reports\s+4\s+1\s+75\.0 %/);
      expect(await page.locator('[data-node="work"]').innerText()).toMatch(/work\s+3\s+0/);
      expect(await page.locator("[data-failed-run]").count()).toBe(3);
      expect(await page.getByRole("table", { name: "Latest failures" }).innerText()).toContain("asked to fail");

      // The charts: uPlot canvases, each with its figures in words for screen readers.
      expect(await page.locator(".dash-chart canvas").count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator(".dash-chart [role=img]").first().getAttribute("aria-label")).toBe(throughputSummary(stats));

      // Live: the hub pushes "runs changed"; one more failing run appears without a reload,
      // sooner than the slow fallback poll (10 s) would show it.
      await expect.poll(() => page.locator("[data-pushed]").getAttribute("data-pushed")).toBe("true");
      expect(await page.getByRole("status").filter({ hasText: "Live:" }).innerText()).toContain("as runs start and end");
      await burst("reports", [true]);
      await allFinished(13);
      await expect.poll(() => figure("failed").locator("dd").innerText(), { timeout: 5_000 }).toBe("4");
      await expect.poll(() => figure("runs").locator("dd").innerText()).toBe("13");

      // A latest failure's link opens the run here: its Log at the failing node, its Timeline row marked.
      const failure = (await call<TeamStats>(relay.url, team.adminToken, "GET", "/api/stats")).body.latestFailures[0]!;
      expect(failure).toMatchObject({ nodeId: "work", message: expect.stringContaining("asked to fail") });
      await page.locator(`[data-failed-run="${failure.runId}"]`).getByRole("link", { name: `Open run ${failure.runId} at node work` }).click();
      expect(new URL(page.url()).hash).toBe(`#/dashboard/run/${failure.runId}/node/work`);
      await openedAtFailingNode(page, failure.runId);
      await page.reload(); // the address alone opens it: a link to share
      await openedAtFailingNode(page, failure.runId);

      await page.locator(".dash-details summary").click(); // the throughput table, opened
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        await page.waitForTimeout(200);
        if (process.env.DASHBOARD_SCREENSHOT) await page.screenshot({ path: `${process.env.DASHBOARD_SCREENSHOT}-${colorScheme}.png`, fullPage: true });
        expect({ colorScheme, found: await lowContrastText(page) }).toEqual({ colorScheme, found: [] });
      }
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
