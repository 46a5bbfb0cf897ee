import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { buildCliForTests } from "../../runner/test-support/built-cli.ts";
import { startWranglerDev, type WranglerDev } from "../control/support/wrangler-dev.ts";
import { startRunner, type RunnerProcess } from "../control/support/runner-process.ts";
import { call, createTeam, type TestTeam } from "../control/support/control-api.ts";
import { openApp } from "./support/app-page.ts";
import { importFlow } from "./support/canvas-flows.ts";

// Roles and placement in the app: what each role is offered (and what the hub refuses anyway),
// runner-only node types, and a runner node with no runner online (fail at once, or queue).
let relay: WranglerDev;
let team: TestTeam;
let runner: RunnerProcess;
let configDir: string;
let app: Awaited<ReturnType<typeof openApp>> | undefined;
const extra: RunnerProcess[] = [];

beforeAll(async () => {
  buildCliForTests();
  relay = await startWranglerDev();
  team = await createTeam(relay.url, "roles team");
  // The runner offers a connection by name; its URL never leaves the runner.
  configDir = mkdtempSync(join(tmpdir(), "nexus-roles-"));
  writeFileSync(join(configDir, "nexus-runner.json"), JSON.stringify({ connections: { warehouse: { type: "postgres", url: "postgres://nobody@127.0.0.1:1/none" } } }));
  runner = await startRunner(relay.url, await team.token("runner"), { name: "builder-1", labels: ["linux"], extraArgs: ["--config", join(configDir, "nexus-runner.json")] });
  await runner.connected();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  await Promise.all(extra.splice(0).map((started) => started.dispose()));
});
afterAll(async () => {
  await runner?.dispose();
  await relay?.dispose();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

async function joinAs(role: "viewer" | "editor") {
  const token = await team.token(role);
  app = await openApp(`/#team=${encodeURIComponent(relay.url)}&token=${encodeURIComponent(token)}`);
  app.page.setDefaultTimeout(15_000);
  await expect.poll(() => app!.page.url()).not.toContain("token=");
  return { page: app.page, token };
}

/** A call from the page with the page's token (the browser's CORS path included). */
const forced = (page: Page, method: string, path: string, token: string, body?: unknown) =>
  page.evaluate(
    async ({ url, method, token, body }) => {
      const response = await fetch(url, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: response.status, text: await response.text() };
    },
    { url: `${relay.url}${path}`, method, token, body },
  );

//   start ─► call (noop, on a runner with the given labels)
const runnerFlow = (id: string, labels: string[]) => ({
  schemaVersion: 1,
  id,
  name: id,
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "call", type: "noop", position: { x: 260, y: 0 }, config: {}, runner: { labels } },
  ],
  edges: [{ id: "e1", source: "start", target: "call" }],
});

describe("roles in the UI", () => {
  it("a viewer sees runners and team runs, has no Run, Cancel or Publish to team, and the hub refuses them through the same token", async () => {
    const flow = runnerFlow("roles-viewer", ["linux"]);
    expect((await call(relay.url, team.adminToken, "PUT", `/api/flows/${flow.id}`, flow)).status).toBe(201);
    const started = await call<{ runId: string }>(relay.url, team.adminToken, "POST", `/api/flows/${flow.id}/runs`, { input: {} });
    const { page, token } = await joinAs("viewer");
    await importFlow(page, flow);
    await page.getByRole("button", { name: "Team", exact: true }).click();
    await expect.poll(() => page.locator('tr[data-runner="builder-1"]').textContent()).toContain("connected");
    await page.getByRole("button", { name: "Close" }).click();
    for (const name of ["Run", "Cancel", "Publish to team"]) expect(await page.getByRole("button", { name, exact: true }).count(), name).toBe(0);
    expect(await page.getByRole("status").filter({ hasText: "joined the team as a viewer" }).count()).toBe(1);
    await page.getByRole("tab", { name: "History" }).click();
    await page.getByRole("button", { name: "Team runs" }).click();
    await expect.poll(() => page.locator(`tr[data-team-run="${started.body.runId}"]`).count()).toBe(1);
    // Forced: starting, cancelling and submitting jobs are refused by the hub.
    const start = await forced(page, "POST", `/api/flows/${flow.id}/runs`, token, { input: {} });
    expect([start.status, start.text]).toEqual([403, expect.stringMatching(/needs the editor role/)]);
    const cancel = await forced(page, "POST", `/api/runs/${started.body.runId}/cancel`, token);
    expect(cancel.status).toBe(403);
    const socket = await page.evaluate(
      (url) => new Promise<string>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => resolve("open");
        ws.onerror = () => resolve("refused");
      }),
      `${relay.url.replace(/^http/, "ws")}/api/jobs/connect?token=${encodeURIComponent(token)}`,
    );
    expect(socket).toBe("refused");
    expect(app!.errors).toEqual([]);
  });

  it("an editor runs and publishes but is offered no token minting, Add a runner or Revoke; the hub refuses a forced mint", async () => {
    const { page, token } = await joinAs("editor");
    await importFlow(page, runnerFlow("roles-editor", ["linux"]));
    for (const name of ["Run", "Publish to team"]) expect(await page.getByRole("button", { name, exact: true }).count(), name).toBe(1);
    await page.getByRole("button", { name: "Team", exact: true }).click();
    await expect.poll(() => page.locator("dialog.team-dialog[open]").innerText()).toContain("as editor");
    await expect.poll(() => page.locator('tr[data-runner="builder-1"]').count()).toBe(1);
    for (const name of ["Add a runner", "Create invite link"]) expect(await page.getByRole("button", { name }).count(), name).toBe(0);
    expect(await page.getByRole("button", { name: /^Revoke/ }).count()).toBe(0);
    expect(await page.getByText("Audit log").count()).toBe(0);
    for (const role of ["runner", "editor", "admin"]) {
      const minted = await forced(page, "POST", "/api/tokens", token, { role });
      expect([role, minted.status, minted.text]).toEqual([role, 403, expect.stringMatching(/needs the admin role/)]);
    }
  });
});

describe("runner-only node types", () => {
  it("a database query added from the palette runs on a runner, the inspector says so, and its connection offers the runners' names", async () => {
    const { page } = await joinAs("editor");
    await importFlow(page, runnerFlow("roles-db", ["linux"]));
    await page.getByRole("button", { name: "Add Database query" }).click();
    const runsOn = page.getByRole("combobox", { name: "Runs on" });
    await expect.poll(() => runsOn.inputValue()).toBe("runner");
    await expect.poll(() => page.locator(".runs-on-only").innerText()).toContain("Runs on a runner only");
    expect(await runsOn.locator('option[value="browser"]').isDisabled()).toBe(true);
    const connection = page.getByRole("combobox", { name: "Connection" });
    const list = await connection.getAttribute("list");
    await expect.poll(() => page.locator(`datalist[id="${list}"] option`).evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))).toEqual(["warehouse"]);
    // A connection no runner offers: a warning on the node, not an error.
    await connection.fill("ledger");
    await connection.press("Enter");
    await expect.poll(() => page.locator(".runs-on-warning").innerText()).toContain("connection ledger");
  });
});

describe("no runner online for a node", () => {
  it("fails at once saying why, or waits for one when the flow queues until a runner is online", async () => {
    const { page } = await joinAs("editor");
    await importFlow(page, runnerFlow("roles-nowhere", ["nowhere"]));
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => page.locator(".rp-status").innerText()).toBe("Failed");
    await expect.poll(() => page.locator(".rp-error").innerText()).toMatch(/no runner that can take it is online.*waiting for a runner with labels nowhere/);
    await page.getByRole("checkbox", { name: "Queue until a runner is online" }).check();
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => page.locator('.rp-runner-note[data-node="call"]').innerText()).toContain("queued — waiting for a runner with labels nowhere");
    expect(await page.locator(".rp-status").innerText()).toBe("Running");
    const late = await startRunner(relay.url, await team.token("runner"), { name: "late-1", labels: ["nowhere"] });
    extra.push(late);
    await late.connected();
    await expect.poll(() => page.locator(".rp-status").innerText(), { timeout: 30_000 }).toBe("Succeeded").catch((error) => {
      throw new Error(`${error}\nrunner output:\n${late.output()}`);
    });
    await expect.poll(() => page.locator('.rp-runner-note[data-node="call"]').innerText()).toContain("ran on late-1");
    // The choice is the flow's: kept across a reload.
    await page.reload();
    await expect.poll(() => page.getByRole("checkbox", { name: "Queue until a runner is online" }).isChecked()).toBe(true);
  });

  it("offline: fails at once saying so, or with the queue choice waits and runs once back online", async () => {
    const { page } = await joinAs("editor");
    await importFlow(page, runnerFlow("roles-offline", ["linux"]));
    await app!.context.setOffline(true);
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => page.locator(".rp-status").innerText()).toBe("Failed");
    await expect.poll(() => page.locator(".rp-error").innerText()).toContain("this browser is offline");
    await page.getByRole("checkbox", { name: "Queue until a runner is online" }).check();
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => page.locator('.rp-runner-note[data-node="call"]').innerText()).toContain("sent to the team's hub");
    await page.waitForTimeout(1_500);
    expect(await page.locator(".rp-status").innerText()).toBe("Running");
    await app!.context.setOffline(false);
    await expect.poll(() => page.locator(".rp-status").innerText(), { timeout: 30_000 }).toBe("Succeeded");
  });
});
