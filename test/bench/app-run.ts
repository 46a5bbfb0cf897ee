/**
 * In-browser engine throughput: the 10,000-node fan-out/fan-in (trigger → 10,000 no-ops →
 * merge) run by the app's engine worker in a real page, its log persisted to IndexedDB and
 * its events streamed to the page and folded there, as when a user presses Run.
 *
 * It drives the page through the test hook `window.__nexus`, which the app installs only
 * when opened with `?bench` (app/src/runs/bench-hook.ts): `ready()` waits for the worker
 * (database open, QuickJS loaded) and `run(flow, input)` resolves once the run has settled
 * and its log is durable, with the time from the start command to that moment.
 */
import type { Page } from "playwright-core";
import type { Flow, JsonValue } from "@nexus-flow/shared";
import { fanOutFanIn } from "./engine-flows.ts";

interface BenchRunResult {
  readonly runId: string;
  readonly status: string;
  readonly ms: number;
  readonly nodes: number;
  readonly events: number;
}

interface BenchWindow {
  __nexus?: { run(flow: Flow, input?: JsonValue): Promise<BenchRunResult>; ready(): Promise<void> };
}

/**
 * Nodes per second of whole runs, median of `repeats` after one warm-up run.
 * @example const { nodesPerSecond } = await measureBrowserRun(page, "http://127.0.0.1:4173");
 */
export async function measureBrowserRun(page: Page, appUrl: string, repeats = 3): Promise<{ nodesPerSecond: number }> {
  await page.goto(`${appUrl.replace(/\/$/, "")}/?bench`);
  await page.waitForFunction(() => (window as BenchWindow).__nexus !== undefined);
  await page.evaluate(() => (window as BenchWindow).__nexus!.ready());
  const flow: unknown = fanOutFanIn(10_000); // `unknown`: Playwright's argument types recurse too deep on Flow
  const samples: number[] = [];
  for (let i = 0; i <= repeats; i++) {
    const result = await page.evaluate((f) => (window as BenchWindow).__nexus!.run(f as Flow, { n: 1 }), flow);
    if (result.status !== "succeeded") throw new Error(`bench run ${result.runId} ended ${result.status}`);
    if (i > 0) samples.push(result.nodes / (result.ms / 1000)); // run 0 warms up the JIT and IndexedDB
  }
  samples.sort((a, b) => a - b);
  return { nodesPerSecond: samples[Math.floor(samples.length / 2)]! };
}
