/**
 * A browser run whose nodes all go to a runner: a 100-node no-op chain where every node is
 * placed on a runner, run by the app's engine worker in a real page (each hop: the tab submits
 * the job to the hub, the hub offers it to the runner, the result comes back to the tab, the
 * event is logged in IndexedDB), against the same chain run in the tab. Real `wrangler dev`
 * and a real `nexus runner` process on loopback.
 *
 * Where a hop's time went, found with a CPU count per process and thread (/proc) and a Chromium
 * trace: the run log's IndexedDB transaction per hop (about 1 ms of CPU between the engine
 * worker and the browser's storage thread, on two cores) — now the events of runner-placed
 * nodes join a later write (app/src/runs/group-commit.ts) — and the run's end waiting for the
 * next 50 ms batch to the page (now sent at once). What is left per hop is the hub and the
 * runner (workerd about 1 ms of CPU, the runner about 0.5 ms) and Chromium's socket path.
 * permessage-deflate (which the page cannot turn off) is on for the Node probe's `ws` socket
 * as well, so the three rows compare like with like; frames are about 280 bytes.
 *
 * Since the tab submits a chain's runner nodes ahead (PROTOCOL J6, app/src/runs/submit-ahead.ts),
 * the hub offers node k+1 in the commit that stores node k's result: a hop pays one commit and no
 * round trip through the tab, so the run is faster than the one-job-after-another rows below it.
 */
import WebSocket from "ws";
import type { Page } from "playwright-core";
import { createHubSubmitter } from "../../shared/src/platform/hub-submitter.ts";
import type { Flow, FlowNode } from "@nexus-flow/shared";
import { buildCliForTests } from "../../runner/test-support/built-cli.ts";
import { startWranglerDev } from "../control/support/wrangler-dev.ts";
import { startRunner } from "../control/support/runner-process.ts";
import { createTeam } from "../control/support/control-api.ts";
import { chain } from "./engine-flows.ts";

interface BenchWindow {
  __nexus?: { run(flow: Flow): Promise<{ runId: string; status: string; ms: number; nodeMs: number }>; ready(): Promise<void> };
}

export interface TeamRunFigures {
  /** Whole run, every node on the runner, median. */
  readonly remoteMs: number;
  /** The same chain in the tab, median. */
  readonly localMs: number;
  /** (remote − local) / hops. */
  readonly perHopMs: number;
  /** Of that: the same jobs submitted one after another from Node (hub + runner alone, no browser), median per job. */
  readonly hubRunnerMs: number;
  /** Per hop, the time the engine saw the node running (worker → hub → runner → worker), median run. */
  readonly inNodeMs: number;
  /** The same jobs from a bare WebSocket in the page (Chromium's socket path, no engine, no worker), median per job. */
  readonly pageSocketMs: number;
  /**
   * The same two loops as means: `perHopMs` and `inNodeMs` are means (a run's total over its
   * hops), so under load their slow tail counts; set them beside these, not the medians.
   */
  readonly hubRunnerMeanMs: number;
  readonly pageSocketMeanMs: number;
  /**
   * What the app adds per hop on top of a bare page socket: per round, a run on runners and
   * then the page-socket loop, (remote − local) / hops − that loop's mean; the median round.
   * Paired, because on a shared machine the load moves between rows measured minutes apart.
   */
  readonly appOverheadMs: number;
  readonly hops: number;
}

async function runOnce(page: Page, flow: Flow): Promise<{ ms: number; nodeMs: number }> {
  const result = await page.evaluate((f) => (window as BenchWindow).__nexus!.run(f as Flow), flow as unknown);
  if (result.status !== "succeeded") throw new Error(`bench run ${result.runId} ended ${result.status}`);
  return result;
}

/** Median of `repeats` runs after one warm-up. */
async function median(page: Page, flow: Flow, repeats: number): Promise<{ ms: number; nodeMs: number }> {
  const samples: { ms: number; nodeMs: number }[] = [];
  for (let i = 0; i <= repeats; i++) {
    const result = await runOnce(page, flow);
    if (i > 0) samples.push(result);
  }
  samples.sort((a, b) => a.ms - b.ms);
  return samples[Math.floor(samples.length / 2)]!;
}

/**
 * `stateRoot`: where the hub's SQLite lives (a tmpfs such as /dev/shm, as BullMQ's Redis keeps
 * its data in memory; by default the OS temp dir on disk, where each commit pays an fsync).
 * @example const { perHopMs } = await measureTeamRun(page, "http://127.0.0.1:4173", { stateRoot: "/dev/shm" });
 */
export async function measureTeamRun(page: Page, appUrl: string, { hops = 100, repeats = 5, stateRoot }: { hops?: number; repeats?: number; stateRoot?: string } = {}): Promise<TeamRunFigures> {
  buildCliForTests();
  const relay = await startWranglerDev({}, stateRoot ? { stateRoot } : {});
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
      const localMs = (await median(page, local, repeats)).ms;
      const remoteRun = await median(page, remote, repeats);
      const hub = summary(await hubRoundTrip(relay.url, editor, hops));
      const pageSocket = summary(await pageRoundTrip(page, relay.url, editor, hops, "page"));
      const overheads: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const run = await runOnce(page, remote);
        overheads.push((run.ms - localMs) / hops - summary(await pageRoundTrip(page, relay.url, editor, hops, `page${i}`)).mean);
      }
      return {
        appOverheadMs: summary(overheads).median,
        pageSocketMs: pageSocket.median,
        pageSocketMeanMs: pageSocket.mean,
        remoteMs: remoteRun.ms,
        localMs,
        perHopMs: (remoteRun.ms - localMs) / hops,
        hubRunnerMs: hub.median,
        hubRunnerMeanMs: hub.mean,
        inNodeMs: remoteRun.nodeMs / hops,
        hops,
      };
    } finally {
      await runner.dispose();
    }
  } finally {
    await relay.dispose();
  }
}

function summary(samples: number[]): { median: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, mean: sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length };
}

/**
 * Where a hop's time goes, part one: the tab's job path without the tab (the same submitter
 * code and payload, from Node). What is left of a hop is the browser's side: the engine
 * worker, Chromium's network process for the socket, the run log in IndexedDB.
 */
async function hubRoundTrip(relayUrl: string, token: string, jobs: number): Promise<number[]> {
  const submitter = createHubSubmitter({ url: `${relayUrl.replace(/^http/, "ws")}/api/jobs/connect?token=${token}`, WebSocket: WebSocket as never });
  try {
    const samples: number[] = [];
    for (let i = 0; i < jobs * 2; i++) {
      const started = performance.now();
      const payload = { runId: "probe", nodeId: `n${i}`, type: "noop", config: {}, input: null, runInput: null, attempt: 1, maxPayloadBytes: 1 << 20 };
      const outcome = await submitter.execute({ key: `probe:n${i}:1`, labels: [], connections: [], payload, reofferBudget: 3 });
      if (!outcome.ok) throw new Error(`probe job n${i} failed: ${outcome.error.message}`);
      if (i >= jobs) samples.push(performance.now() - started); // the first half warms up
    }
    return samples;
  } finally {
    submitter.close();
  }
}

/** Part two: the same job path through Chromium's WebSocket, from the page, without the engine. */
/** `runId` makes the keys: a key submitted before gets its kept result (J1), without the runner. */
async function pageRoundTrip(page: Page, relayUrl: string, token: string, jobs: number, runId: string): Promise<number[]> {
  await page.evaluate("globalThis.__name ??= (f) => f"); // tsx names the functions below with a helper the page lacks
  return page.evaluate(
    ({ url, jobs, runId }) =>
      new Promise<number[]>((resolve, reject) => {
        const socket = new WebSocket(url);
        const samples: number[] = [];
        let i = 0;
        let started = 0;
        const next = () => {
          started = performance.now();
          const payload = { runId, nodeId: `n${i}`, type: "noop", config: {}, input: null, runInput: null, attempt: 1, maxPayloadBytes: 1 << 20 };
          socket.send(JSON.stringify({ type: "submit", key: `${runId}:n${i}:1`, labels: [], connections: [], payload, reofferBudget: 3 }));
        };
        socket.onopen = next;
        socket.onerror = () => reject(new Error("the page's job socket failed"));
        socket.onmessage = (message) => {
          const data = JSON.parse(String(message.data)) as { type: string } | { type: string }[];
          if (!(Array.isArray(data) ? data : [data]).some((notice) => notice.type === "result")) return;
          if (i >= jobs) samples.push(performance.now() - started); // the first half warms up
          if (++i < jobs * 2) return next();
          socket.close();
          resolve(samples);
        };
      }),
    // `batch=1` as the app's submitter asks (W5): the same frames per job, so only the engine and the worker differ.
    { url: `${relayUrl.replace(/^http/, "ws")}/api/jobs/connect?token=${token}&batch=1`, jobs, runId },
  );
}
