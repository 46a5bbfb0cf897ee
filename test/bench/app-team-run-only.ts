/**
 * `npx tsx test/bench/app-team-run-only.ts`: the runner-placement row of the app group alone
 * (app-team-run.ts), without the canvas figures, for profiling the per-hop overhead. The hub's
 * SQLite is on /dev/shm as in the bench's target row; `NEXUS_BENCH_HUB_DISK=1` puts it on disk, as
 * `npm start` has it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { ensureChromium, launchPersistent } from "../e2e/support/chromium.ts";
import { buildApp, serveApp } from "../e2e/support/app-server.ts";
import { measureTeamRun } from "./app-team-run.ts";

ensureChromium();
const server = await serveApp(await buildApp());
const profile = mkdtempSync(join(tmpdir(), "nexus-bench-chromium-"));
const context = await launchPersistent(profile);
try {
  const before = loadavg()[0]!;
  const figures = await measureTeamRun(context.pages()[0] ?? (await context.newPage()), server.url, {
    stateRoot: process.env.NEXUS_BENCH_HUB_DISK === "1" ? undefined : "/dev/shm",
  });
  console.log(JSON.stringify({ ...figures, load: [before, loadavg()[0]] }));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  await server.close();
}
