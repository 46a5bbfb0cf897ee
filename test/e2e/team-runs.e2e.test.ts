import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { buildCliForTests, nexusBin } from "../../runner/test-support/built-cli.ts";
import { startWranglerDev, type WranglerDev } from "../control/support/wrangler-dev.ts";
import { startRunner, type RunnerProcess } from "../control/support/runner-process.ts";
import { createTeam, type TestTeam } from "../control/support/control-api.ts";
import { openApp } from "./support/app-page.ts";
import { importFlow } from "./support/canvas-flows.ts";

// Team runs in the app: a run started with `nexus trigger` (the real CLI) shows up live, can be
// found with the filters, and opens with the same Log, Timeline and Data tabs as a local run.
let relay: WranglerDev;
let team: TestTeam;
let runner: RunnerProcess;
let app: Awaited<ReturnType<typeof openApp>> | undefined;

beforeAll(async () => {
  buildCliForTests();
  relay = await startWranglerDev();
  team = await createTeam(relay.url, "team runs");
  runner = await startRunner(relay.url, await team.token("runner"), { name: "builder-1", labels: ["linux"] });
  await runner.connected();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(async () => {
  await runner?.dispose();
  await relay?.dispose();
});

//   start ─► wait (delay 3 s) ─► double (transform)
const flow = {
  schemaVersion: 1,
  id: "team-runs-live",
  name: "Team runs live",
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "wait", type: "delay", position: { x: 260, y: 0 }, config: { ms: 3_000 } },
    { id: "double", type: "transform", label: "Double it", position: { x: 520, y: 0 }, config: { code: "return { n: input.n * 2 }" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "wait" },
    { id: "e2", source: "wait", target: "double" },
  ],
};

/** `nexus trigger` as a whole process, as a person types it. */
async function nexusTrigger(flowId: string, input: unknown): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [nexusBin, "trigger", flowId, "--input", JSON.stringify(input), "--relay", relay.url, "--token", team.adminToken], { cwd: join(nexusBin, "..", "..") });
  return stdout.trim();
}

const shots = process.env.NEXUS_SCREENSHOTS;
const screenshot = async (page: Page, name: string) => void (shots && (await page.screenshot({ path: join(shots, `${name}.png`) })));

describe("Team runs", () => {
  it("a run started with nexus trigger shows up live, filters find it, and its Log, Timeline and Data tabs show its nodes", async () => {
    const editor = await team.token("editor");
    app = await openApp(`/#team=${encodeURIComponent(relay.url)}&token=${encodeURIComponent(editor)}`);
    const { page } = app;
    page.setDefaultTimeout(15_000);
    await page.setViewportSize({ width: 1400, height: 900 });
    await expect.poll(() => page.url()).not.toContain("token=");
    await importFlow(page, flow);
    await page.getByRole("button", { name: "Publish to team" }).click();
    await expect.poll(() => page.getByText("Published to the team as version 1").count()).toBe(1);
    await page.getByRole("button", { name: "Team", exact: true }).click();
    await expect.poll(() => page.locator('tr[data-runner="builder-1"]').textContent()).toContain("connected");
    await screenshot(page, "team-panel");
    await page.getByRole("button", { name: "Close" }).click();
    await page.getByRole("tab", { name: "History" }).click();
    await page.getByRole("button", { name: "Team runs", exact: true }).click();

    const runId = await nexusTrigger(flow.id, { n: 21 });
    expect(runId).toMatch(/^run_/);
    const row = page.locator(`tr[data-team-run="${runId}"]`);
    // Live: the list shows it while the delay holds it, without a reload.
    await expect.poll(() => row.innerText()).toMatch(/running|queued/);
    await row.getByRole("button", { name: `Open team run ${runId}` }).click();
    const detail = page.getByRole("region", { name: `Team run ${runId}` });
    await expect.poll(() => detail.locator(".rp-status").innerText()).toBe("Running");
    await expect.poll(() => detail.getByRole("tabpanel").innerText()).toMatch(/Wait 1|wait/i);
    await expect.poll(() => detail.locator(".rp-status").innerText(), { timeout: 20_000 }).toBe("Succeeded");
    await expect.poll(() => detail.getByRole("tabpanel").innerText()).toContain("Double it");
    await detail.getByRole("tab", { name: "Timeline" }).click();
    await expect.poll(() => detail.getByRole("tabpanel").innerText()).toContain("Double it");
    await detail.getByRole("tab", { name: "Data" }).click();
    await detail.getByRole("combobox", { name: "Node" }).selectOption("double");
    await expect.poll(() => detail.getByRole("tabpanel").innerText()).toContain("42");
    await detail.getByRole("tab", { name: "Runners" }).click();
    await expect.poll(() => detail.locator('tr[data-team-node="double"]').innerText()).toContain("builder-1");
    await screenshot(page, "team-runs");

    // Filters go to the hub: status, trigger and runner.
    await expect.poll(() => row.innerText()).toContain("builder-1");
    const filter = (name: string, value: string) => page.getByRole("combobox", { name }).selectOption(value);
    await filter("Filter by status", "failed");
    await expect.poll(() => row.count()).toBe(0);
    await filter("Filter by status", "succeeded");
    await expect.poll(() => row.count()).toBe(1);
    await filter("Filter by trigger", "webhook");
    await expect.poll(() => row.count()).toBe(0);
    await filter("Filter by trigger", "api");
    await filter("Filter by runner", "builder-1");
    await expect.poll(() => row.count()).toBe(1);
    expect(app.errors).toEqual([]);
  });
});
