import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildCliForTests } from "../../runner/test-support/built-cli.ts";
import { startWranglerDev, type WranglerDev } from "../control/support/wrangler-dev.ts";
import { startRunner, type RunnerProcess } from "../control/support/runner-process.ts";
import { call, createTeam, type TestTeam } from "../control/support/control-api.ts";
import type { Page } from "playwright-core";
import { openApp } from "./support/app-page.ts";
import { startTestServer } from "../../shared/test-support/test-http-server.ts";

// The app meets the team: a real `wrangler dev` (the control relay), a real runner process,
// and the app in real Chromium joining through an invite link.
let relay: WranglerDev;
let team: TestTeam;
let runner: RunnerProcess;
let app: Awaited<ReturnType<typeof openApp>> | undefined;

beforeAll(async () => {
  buildCliForTests();
  relay = await startWranglerDev();
  team = await createTeam(relay.url, "e2e team");
  runner = await startRunner(relay.url, await team.token("runner"), { name: "builder-1", labels: ["linux", "gpu"] });
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

async function openWithInvite(token: string) {
  app = await openApp(inviteFor(token));
  app.page.setDefaultTimeout(15_000);
  app.page.on("console", (message) => process.env.DEBUG_E2E && console.log("page:", message.text()));
  return app;
}

const teamPanel = (page: Page) => page.locator("dialog.team-dialog[open]");

const inviteFor = (token: string) => `/#team=${encodeURIComponent(relay.url)}&token=${encodeURIComponent(token)}`;

describe("the Team panel", () => {
  it("joins through an invite link, shows the team's runner live, and keeps the connection until Leave team", async () => {
    const { page } = await openWithInvite(team.adminToken);
    await expect.poll(() => page.url()).not.toContain("token="); // the token leaves the address bar
    await page.getByRole("button", { name: "Team", exact: true }).click();
    await expect.poll(() => teamPanel(page).innerText()).toContain("as admin");
    const row = page.locator('tr[data-runner="builder-1"]');
    await expect.poll(() => row.textContent()).toContain("connected");
    expect(await row.textContent()).toContain("gpu");
    // Admin controls: an enrollment command to copy.
    await page.getByRole("button", { name: "Add a runner" }).click();
    await expect.poll(() => page.getByRole("textbox", { name: "Runner command" }).inputValue()).toMatch(new RegExp(`^npx nexus runner --relay ${relay.url} --token \\S+\\.\\S+\\.\\S+$`));
    // The copied command's token attaches a new runner, which appears live; Revoke removes it.
    const command = await page.getByRole("textbox", { name: "Runner command" }).inputValue();
    const added = await startRunner(relay.url, /--token (\S+)$/.exec(command)![1]!, { name: "added-1" });
    try {
      await added.connected();
      await expect.poll(() => page.locator('tr[data-runner="added-1"]').textContent()).toContain("connected");
      await page.getByRole("button", { name: "Revoke added-1" }).click();
      await expect.poll(() => page.locator('tr[data-runner="added-1"]').count()).toBe(0);
      // The audit log says who did it.
      await page.getByText("Audit log").click();
      await expect.poll(() => page.getByRole("table", { name: "Audit log" }).innerText()).toMatch(/runner\.revoked/);
    } finally {
      await added.dispose();
    }
    // An invite link for a viewer, made here, is a link the app joins with.
    await page.getByRole("combobox", { name: "Invite as" }).selectOption("viewer");
    await page.getByRole("button", { name: "Create invite link" }).click();
    await expect.poll(() => page.getByRole("textbox", { name: "Invite link to send" }).inputValue()).toContain("#team=");
    const invite = await page.getByRole("textbox", { name: "Invite link to send" }).inputValue();
    const invitedToken = decodeURIComponent(/token=([^&]+)/.exec(invite)![1]!);
    expect(JSON.parse(Buffer.from(invitedToken.split(".")[1]!, "base64url").toString())).toMatchObject({ role: "viewer" });
    expect((await call(relay.url, invitedToken, "GET", "/api/runners")).status).toBe(200);
    // Kept in IndexedDB: a reload is still connected.
    await page.reload();
    await page.getByRole("button", { name: "Team", exact: true }).click();
    await expect.poll(() => page.locator('tr[data-runner="builder-1"]').count()).toBe(1);
    await page.getByRole("button", { name: "Leave team" }).click();
    await expect.poll(() => page.getByText("Not connected to a team").count()).toBe(1);
    expect(app!.errors).toEqual([]);
  });

  it("a runner that stops is shown as last seen, live; a viewer sees no admin controls", async () => {
    const viewer = await team.token("viewer");
    const second = await startRunner(relay.url, await team.token("runner"), { name: "builder-2", labels: ["linux"] });
    await second.connected();
    const { page } = await openWithInvite(viewer);
    await page.getByRole("button", { name: "Team", exact: true }).click();
    await expect.poll(() => teamPanel(page).innerText()).toContain("as viewer");
    await expect.poll(() => page.locator('tr[data-runner="builder-2"]').textContent()).toContain("connected");
    expect(await page.getByRole("button", { name: "Add a runner" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^Revoke/ }).count()).toBe(0);
    await second.dispose(); // the panel polls while open: the runner goes to "last seen"
    await expect.poll(() => page.locator('tr[data-runner="builder-2"]').textContent(), { timeout: 20_000 }).toContain("last seen");
  });
});

describe("a browser run with a node on a runner", () => {
  it("runs the Code nodes in the tab and the http.request on the runner: statuses, the runner's name and the output show; the call happens once", async () => {
    const server = await startTestServer({ "/effect": [{ status: 200, headers: { "content-type": "application/json" }, body: '{"made":7}' }] });
    try {
      //   start ─► prepare (transform, in the tab) ─► call (http.request, on a runner: linux) ─► use (transform, in the tab)
      const flow = {
        schemaVersion: 1,
        id: "team-mixed",
        name: "Mixed placement",
        nodes: [
          { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
          { id: "prepare", type: "transform", position: { x: 260, y: 0 }, config: { code: "return { n: 6 }" } },
          { id: "call", type: "http.request", position: { x: 520, y: 0 }, config: { method: "POST", url: `${server.url}/effect` }, runner: { labels: ["linux"] } },
          { id: "use", type: "transform", position: { x: 780, y: 0 }, config: { code: "return { total: input.body.made * 6 }" } },
        ],
        edges: [
          { id: "e1", source: "start", target: "prepare" },
          { id: "e2", source: "prepare", target: "call" },
          { id: "e3", source: "call", target: "use" },
        ],
      };
      const { page } = await openWithInvite(await team.token("editor"));
      await expect.poll(() => page.url()).not.toContain("token=");
      await page.locator("#import-file").setInputFiles({ name: "team-mixed.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
      await page.waitForURL(/#\/flow\/team-mixed$/);
      await page.getByRole("button", { name: "Run", exact: true }).click();
      await expect.poll(() => page.locator(".rp-status").innerText(), { timeout: 30_000 }).toBe("Succeeded");
      const statuses = await Promise.all(["start", "prepare", "call", "use"].map((id) => page.locator(`[data-node-id="${id}"]`).getAttribute("data-status")));
      expect(statuses).toEqual(["succeeded", "succeeded", "succeeded", "succeeded"]);
      await expect.poll(() => page.locator('.rp-runner-note[data-node="call"]').innerText()).toMatch(/ran on builder-1/);
      // The output: the runner's response reached the tab's next node.
      await page.locator('[data-node-id="use"]').click();
      await page.getByRole("tab", { name: "Data" }).click();
      await expect.poll(() => page.getByRole("tabpanel").innerText()).toContain("42");
      expect(server.requests.filter((request) => request.path === "/effect")).toHaveLength(1);
      expect(app!.errors).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("a reload while the runner job runs resumes the run and takes the job's result: the call happens once", async () => {
    const server = await startTestServer({ "/slow": [{ status: 200, headers: { "content-type": "application/json" }, body: '{"slow":true}', delayMs: 4_000 }] });
    try {
      //   start ─► call (http.request on a runner, 4 s) ─► after (transform)
      const flow = {
        schemaVersion: 1,
        id: "team-reload",
        name: "Reload mid-job",
        nodes: [
          { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
          { id: "call", type: "http.request", position: { x: 260, y: 0 }, config: { method: "POST", url: `${server.url}/slow` }, runner: { labels: ["linux"] } },
          { id: "after", type: "transform", position: { x: 520, y: 0 }, config: { code: "return { slow: input.body.slow }" } },
        ],
        edges: [
          { id: "e1", source: "start", target: "call" },
          { id: "e2", source: "call", target: "after" },
        ],
      };
      const { page } = await openWithInvite(await team.token("editor"));
      await expect.poll(() => page.url()).not.toContain("token=");
      await page.locator("#import-file").setInputFiles({ name: "team-reload.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
      await page.waitForURL(/#\/flow\/team-reload$/);
      await page.getByRole("button", { name: "Run", exact: true }).click();
      await expect.poll(() => page.locator('.rp-runner-note[data-node="call"]').innerText()).toContain("running on builder-1");
      await page.reload();
      await expect.poll(() => page.locator(".rp-status").innerText(), { timeout: 30_000 }).toBe("Succeeded");
      expect(await page.locator('[data-node-id="after"]').getAttribute("data-status")).toBe("succeeded");
      expect(server.requests.filter((request) => request.path === "/slow")).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("a chain of runner nodes is submitted ahead: the next one stays off the run panel until reached, and after a reload each call still happens once", async () => {
    const server = await startTestServer({ "/first": [{ status: 200, headers: { "content-type": "application/json" }, body: '{"first":true}', delayMs: 4_000 }], "/second": [{ status: 200, headers: { "content-type": "application/json" }, body: '{"second":true}' }] });
    try {
      //   start ─► first (runner, 4 s) ─► second (runner, submitted ahead: waits at the hub on first) ─► after (transform)
      const flow = {
        schemaVersion: 1,
        id: "team-chain",
        name: "Runner chain",
        nodes: [
          { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
          { id: "first", type: "http.request", position: { x: 260, y: 0 }, config: { method: "POST", url: `${server.url}/first` }, runner: { labels: ["linux"] } },
          { id: "second", type: "http.request", position: { x: 520, y: 0 }, config: { method: "POST", url: `${server.url}/second` }, runner: { labels: ["linux"] } },
          { id: "after", type: "transform", position: { x: 780, y: 0 }, config: { code: "return { second: input.body.second }" } },
        ],
        edges: [
          { id: "e1", source: "start", target: "first" },
          { id: "e2", source: "first", target: "second" },
          { id: "e3", source: "second", target: "after" },
        ],
      };
      const { page } = await openWithInvite(await team.token("editor"));
      await expect.poll(() => page.url()).not.toContain("token=");
      await page.locator("#import-file").setInputFiles({ name: "team-chain.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
      await page.waitForURL(/#\/flow\/team-chain$/);
      await page.getByRole("button", { name: "Run", exact: true }).click();
      await expect.poll(() => page.locator('.rp-runner-note[data-node="first"]').innerText()).toContain("running on builder-1");
      expect(await page.locator('.rp-runner-note[data-node="second"]').count()).toBe(0); // submitted ahead, not "queued, waiting for a runner"
      await page.reload();
      await expect.poll(() => page.locator(".rp-status").innerText(), { timeout: 30_000 }).toBe("Succeeded");
      expect(await page.locator('[data-node-id="after"]').getAttribute("data-status")).toBe("succeeded");
      expect(server.requests.filter((request) => request.path === "/first")).toHaveLength(1);
      expect(server.requests.filter((request) => request.path === "/second")).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("Cancel reaches the runner job: the runner aborts its call", async () => {
    const server = await startTestServer({ "/hang": [{ status: 200, body: "late", delayMs: 20_000 }] });
    try {
      const flow = {
        schemaVersion: 1,
        id: "team-cancel",
        name: "Cancel a runner job",
        nodes: [
          { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
          { id: "call", type: "http.request", position: { x: 260, y: 0 }, config: { method: "POST", url: `${server.url}/hang` }, runner: { labels: ["linux"] } },
        ],
        edges: [{ id: "e1", source: "start", target: "call" }],
      };
      const { page } = await openWithInvite(await team.token("editor"));
      await expect.poll(() => page.url()).not.toContain("token=");
      await page.locator("#import-file").setInputFiles({ name: "team-cancel.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
      await page.waitForURL(/#\/flow\/team-cancel$/);
      await page.getByRole("button", { name: "Run", exact: true }).click();
      await expect.poll(() => server.requests.length).toBe(1); // the runner is in the call
      await page.getByRole("button", { name: "Cancel", exact: true }).click();
      await expect.poll(() => page.locator(".rp-status").innerText()).toBe("Cancelled");
      await expect.poll(() => server.closedEarly(), { timeout: 15_000 }).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("without a team, a node placed on a runner fails at once, saying why", async () => {
    app = await openApp();
    const { page } = app;
    const flow = {
      schemaVersion: 1,
      id: "team-none",
      name: "No team",
      nodes: [
        { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
        { id: "call", type: "noop", position: { x: 260, y: 0 }, config: {}, runner: { labels: ["linux"] } },
      ],
      edges: [{ id: "e1", source: "start", target: "call" }],
    };
    await page.locator("#import-file").setInputFiles({ name: "team-none.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
    await page.waitForURL(/#\/flow\/team-none$/);
    // The placement warning is on the node before any run.
    await expect.poll(() => page.locator('[data-node-id="call"] .node-warning').getAttribute("title")).toContain("not connected to a team");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => page.locator(".rp-status").innerText()).toBe("Failed");
    await expect.poll(() => page.locator(".rp-error").innerText()).toContain("not connected to a team");
  });
});

describe("publish to team and team runs", () => {
  //   start ─► double (transform)
  const flow = {
    schemaVersion: 1,
    id: "team-published",
    name: "Published to the team",
    nodes: [
      { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
      { id: "double", type: "transform", position: { x: 260, y: 0 }, config: { code: "return { n: 21 * 2 }" } },
    ],
    edges: [{ id: "e1", source: "start", target: "double" }],
  };

  it("an editor publishes to the team; a run triggered through the API shows in Team runs with its nodes and runner", async () => {
    const { page } = await openWithInvite(await team.token("editor"));
    await expect.poll(() => page.url()).not.toContain("token=");
    await page.locator("#import-file").setInputFiles({ name: "team-published.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
    await page.waitForURL(/#\/flow\/team-published$/);
    await page.getByRole("button", { name: "Publish to team" }).click();
    await expect.poll(async () => (await call(relay.url, team.adminToken, "GET", "/api/flows/team-published")).status).toBe(200);
    const started = await call<{ runId: string }>(relay.url, team.adminToken, "POST", "/api/flows/team-published/runs", { input: {} });
    expect(started.status).toBe(202);
    await page.getByRole("tab", { name: "History" }).click();
    await page.getByRole("button", { name: "Team runs" }).click();
    const row = page.locator(`tr[data-team-run="${started.body.runId}"]`);
    await expect.poll(() => row.innerText(), { timeout: 20_000 }).toContain("succeeded");
    expect(await row.innerText()).toContain("api");
    await row.getByRole("button").click();
    await page.getByRole("tab", { name: "Runners" }).click();
    await expect.poll(() => page.locator('tr[data-team-node="double"]').innerText()).toContain("builder-1");
  });

  it("a viewer has no Publish to team, and the hub refuses the call if forced", async () => {
    const viewer = await team.token("viewer");
    const { page } = await openWithInvite(viewer);
    await expect.poll(() => page.url()).not.toContain("token=");
    await page.locator("#import-file").setInputFiles({ name: "team-published.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
    await page.waitForURL(/#\/flow\/team-published$/);
    await page.getByRole("button", { name: "Team", exact: true }).waitFor();
    expect(await page.getByRole("button", { name: "Publish to team" }).count()).toBe(0);
    // Forced from the page (the browser's CORS path included): 403 with the hub's words.
    const forced = await page.evaluate(
      async ({ url, token, body }) => {
        const response = await fetch(`${url}/api/flows/team-published`, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body });
        return { status: response.status, text: await response.text() };
      },
      { url: relay.url, token: viewer, body: JSON.stringify(flow) },
    );
    expect(forced.status).toBe(403);
    expect(forced.text).toMatch(/editor|role/i);
  });
});
