/**
 * A diagnostic, not part of `npm run bench`: only the "open a 1,000-node flow from IndexedDB
 * to drawn" measurement of app-canvas.ts, OPENS times (default 7) in one fresh profile, each
 * after a reload, as the bench takes it. DIST=<dir> serves a build made elsewhere (another
 * commit's, for a before/after; the preview server deletes the directory it served).
 *   OPENS=7 npx tsx test/bench/open-probe.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { ensureChromium, launchPersistent } from "../e2e/support/chromium.ts";
import { buildApp, serveApp } from "../e2e/support/app-server.ts";
import { benchFlow, importFlow, measureOpen } from "./app-canvas.ts";

const opens = Number(process.env.OPENS ?? 7);
ensureChromium();
const server = await serveApp(process.env.DIST ?? (await buildApp()));
const dir = mkdtempSync(join(tmpdir(), "nexus-open-probe-"));
const context = await launchPersistent(dir);
const results: number[] = [];
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.url);
  await importFlow(page, benchFlow());
  for (let i = 0; i < opens; i++) {
    await page.goto(`${server.url}/#/`);
    await page.reload();
    await page.getByRole("button", { name: "New flow" }).first().waitFor();
    results.push((await measureOpen(page)).openMs);
  }
} finally {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
  await server.close();
}
const sorted = [...results].sort((a, b) => a - b);
console.log(`open → drawn, ms: ${results.map((v) => v.toFixed(0)).join(", ")} (median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)}); load ${loadavg().map((v) => v.toFixed(2)).join(" ")}`);
