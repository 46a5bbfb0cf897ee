/**
 * A browser run whose nodes all go to a runner: a 100-node no-op chain where every node is
 * placed on a runner, run by the app's engine worker in a real page (each hop: the tab submits
 * the job to the hub, the hub offers it to the runner, the result comes back to the tab, the
 * event is logged in IndexedDB), against the same chain run in the tab. Real `wrangler dev`
 * and a real `nexus runner` process on loopback.
 */
import type { Page } from "playwright-core";
import type { Flow, FlowNode } from "@nexus-flow/shared";
import { buildCliForTests } from "../../runner/test-support/built-cli.ts";
import { startWranglerDev } from "../control/support/wrangler-dev.ts";
import { startRunner } from "../control/support/runner-process.ts";
import { createTeam } from "../control/support/control-api.ts";
import { chain } from "./engine-flows.ts";

interface BenchWindow {
  __nexus?: { run(flow: Flow): Promise<{ runId: string; status: string; ms: number }>; ready(): Promise<void> };
}

export interface TeamRunFigures {
  /** Whole run, every node on the runner, median. */
  readonly remoteMs: number;
  /** The same chain in the tab, median. */
  readonly localMs: number;
  /** (remote − local) / hops. */
  readonly perHopMs: number;
  readonly hops: number;
}

/** Median of `repeats` runs after one warm-up. */
async function median(page: Page, flow: Flow, repeats: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i <= repeats; i++) {
    const result = await page.evaluate((f) => (window as BenchWindow).__nexus!.run(f as Flow), flow as unknown);
    if (result.status !== "succeeded") throw new Error(`bench run ${result.runId} ended ${result.status}`);
    if (i > 0) samples.push(result.ms);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

/**
 * @example const { perHopMs } = await measureTeamRun(page, "http://127.0.0.1:4173");
 */
export async function measureTeamRun(page: Page, appUrl: string, hops = 100, repeats = 5): Promise<TeamRunFigures> {
  buildCliForTests();
  const relay = await startWranglerDev();
  try {
    const team = await createTeam(relay.url, "bench team");
    const runner = await startRunner(relay.url, await team.token("runner"), { name: "bench-runner", concurrency: 4 });
    try {
      await runner.connected();
      const editor = await team.token("editor");
      await page.goto(`${appUrl.replace(/\/$/, "")}/?bench#team=${encodeURIComponent(relay.url)}&token=${encodeURIComponent(editor)}`);
      await page.waitForFunction(() => (window as BenchWindow).__nexus !== undefined && !location.hash.includes("token="));
      await page.evaluate(() => (window as BenchWindow).__nexus!.ready());
      const local = chain(hops);
      const remote: Flow = { ...local, id: `remote-${local.id}`, nodes: local.nodes.map((node) => (node.type === "noop" ? ({ ...node, runner: { labels: [] } } as FlowNode) : node)) };
      const localMs = await median(page, local, repeats);
      const remoteMs = await median(page, remote, repeats);
      return { remoteMs, localMs, perHopMs: (remoteMs - localMs) / hops, hops };
    } finally {
      await runner.dispose();
    }
  } finally {
    await relay.dispose();
  }
}
