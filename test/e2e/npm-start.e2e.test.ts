import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";
import { offlineFlow } from "./support/canvas-flows.ts";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { freePorts, npmStart, processesWith, type NpmStart } from "./support/npm-start.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

// `npm start` itself, as a user runs it: its production build, its service worker, its relay.
let ports: { app: number; relay: number; control: number };
let started: NpmStart | undefined;
let app: Awaited<ReturnType<typeof openApp>> | undefined;

beforeAll(async () => {
  ports = await freePorts();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(async () => {
  await stop(started);
});

async function stop(running: NpmStart | undefined): Promise<void> {
  if (!running) return;
  running.signalGroup("SIGTERM");
  await running.exited;
  await expect.poll(() => relayProcesses(running), { timeout: 15_000 }).toEqual([]);
}

/**
 * What npm start runs beside the app: the rooms (partykit, its watchdog, workerd take the port
 * on their command line or as children), the control relay (wrangler dev, workerd) and the
 * local runner.
 */
const relayProcesses = (running: NpmStart) => [
  ...processesWith(`--port ${new URL(running.relayUrl).port}`),
  ...processesWith(`--port ${new URL(running.controlUrl).port}`),
  ...processesWith(`${repoRoot}runner/bin/nexus.js runner --name local`), // this checkout's runner, not another's
];


describe("npm start", () => {
  it("serves the production build: after one visit, an offline reload opens the app and the flow, which runs", async () => {
    started = await npmStart(ports);
    expect(started.output()).toContain("the production build");
    // The page gets a member token of the local team (editor), never the admin token.
    const localTeam = (await (await fetch(`${started.url}/nexus-local-team.json`)).json()) as { relayUrl: string; token: string };
    const admin = (JSON.parse(readFileSync(`${repoRoot}.nexus/local.json`, "utf8")) as { adminToken: string }).adminToken;
    expect(localTeam.relayUrl).toBe(started.controlUrl);
    expect(localTeam.token).not.toBe(admin);
    expect(JSON.parse(Buffer.from(localTeam.token.split(".")[1]!, "base64url").toString())).toMatchObject({ role: "editor" });
    app = await openApp("/", started.url);
    const { page, context } = app;
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.locator("#import-file").setInputFiles({ name: "offline.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(offlineFlow)) });
    await page.waitForURL(/#\/flow\/offline$/);
    await page.getByRole("textbox", { name: "Flow name" }).waitFor();

    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.getByRole("textbox", { name: "Flow name" }).inputValue()).toBe("Offline flow");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => page.locator('[data-node-id="double"]').getAttribute("data-status"), { timeout: 20_000 }).toBe("succeeded");
    expect(app.errors).toEqual([]);
    await app.close();
    app = undefined;
    await stop(started);
    started = undefined;
  });

  // The relay (partykit dev and workerd) runs in a process group of its own; it must still
  // stop with npm start, however that is stopped.
  for (const signal of ["SIGINT", "SIGTERM", "SIGKILL"] as const) {
    it(`stops the relay when its process group gets ${signal}, and the second start reuses the build`, async () => {
      started = await npmStart(ports);
      const running = started;
      expect(await fetch(running.relayUrl).then((response) => response.status)).toBeLessThan(500);
      // The control relay answers, with the local team's runner attached.
      const { adminToken } = JSON.parse(readFileSync(`${repoRoot}.nexus/local.json`, "utf8"));
      const runners = await fetch(`${running.controlUrl}/api/runners`, { headers: { authorization: `Bearer ${adminToken}` } }).then((response) => response.json());
      // Earlier starts in the same checkout may have left runners that are no longer connected.
      expect(runners.runners.filter((runner: { connected: boolean }) => runner.connected)).toEqual([expect.objectContaining({ name: "local", labels: ["local"] })]);
      expect(relayProcesses(running).length).toBeGreaterThan(0);
      running.signalGroup(signal);
      await running.exited;
      started = undefined;
      await expect.poll(() => relayProcesses(running), { timeout: 15_000 }).toEqual([]);
      await expect.poll(() => fetch(running.relayUrl).then(() => "answering", () => "gone"), { timeout: 15_000 }).toBe("gone");
      await expect.poll(() => fetch(running.controlUrl).then(() => "answering", () => "gone"), { timeout: 15_000 }).toBe("gone");
      // The same sources and the same relay port (free again, since the last start stopped it): no rebuild.
      expect(running.output()).not.toContain("Building the app");
    });
  }
});
