/**
 * One engine benchmark scenario, run in its own process by run.ts so that timings and peak
 * memory are not polluted by other scenarios. Prints one JSON line.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRun, validateFlow, formatIssue, type Flow, type RunPorts, type RunEventSink } from "@nexus-flow/shared";
import { systemClock } from "@nexus-flow/shared/platform";
import { createFileRunStore } from "../../runner/src/store/file-run-store.ts";
import { loadSandbox, type LoadSandboxOptions } from "../../runner/src/sandbox/load-quickjs.ts";
import { chain, fanOutFanIn } from "./engine-flows.ts";
import { payloadLogRatio, payloadResumeSeconds } from "./engine-payload.ts";

const scenarios: Record<string, () => Promise<Record<string, number>>> = {
  "noop-fan-10k": () => throughput(fanOutFanIn(10_000), 5),
  "noop-chain-1k": () => throughput(chain(1_000), 20),
  "transform-chain-1k": () => throughput(transformChain, 10, { sandbox: {} }),
  "transform-chain-1k-workers-only": () => throughput(transformChain, 10, { sandbox: { inline: false } }),
  "transform-chain-1k-in-thread": () => throughput(transformChain, 10, { sandbox: { mode: "in-thread" } }),
  // The default pool runs quick code on the engine's thread (inline-lane.ts); the worker rows turn that off to measure the workers.
  "transform-fan-10k": () => throughput(transformFan, 5, { sandbox: {}, concurrency: 10_000 }),
  "transform-fan-10k-1-worker": () => throughput(transformFan, 5, { sandbox: { workers: 1, inline: false }, concurrency: 10_000 }),
  "transform-fan-10k-2-workers": () => throughput(transformFan, 5, { sandbox: { workers: 2, inline: false }, concurrency: 10_000 }),
  "transform-fan-10k-in-thread": () => throughput(transformFan, 5, { sandbox: { mode: "in-thread" }, concurrency: 10_000 }),
  "noop-fan-10k-state": () => throughput(fanOutFanIn(10_000), 5, { persist: true }),
  "noop-fan-10k-state-nosync": () => throughput(fanOutFanIn(10_000), 5, { persist: true, durability: "none" }),
  "noop-fan-10k-peak-rss": () => peakRss(fanOutFanIn(10_000)),
  "payload-20mb-log-ratio": payloadLogRatio,
  "payload-20mb-resume": payloadResumeSeconds,
};

const addSeven = (i: number) => ({ type: "transform", config: { code: `return { n: (input.n ?? 0) + ${i % 7} }` } }) as const;
const transformChain = chain(1_000, addSeven);
const transformFan = fanOutFanIn(10_000, addSeven);

interface ThroughputOptions {
  readonly persist?: boolean;
  /** The file log's default (`fsync`) syncs every step's append; `none` leaves flushing to the OS. */
  readonly durability?: "fsync" | "none";
  /** How the host's code sandbox is made (`{}`: the runner's default, workers plus the in-thread slice). */
  readonly sandbox?: Omit<LoadSandboxOptions, "workerUrl">;
  readonly concurrency?: number;
}

/** Nodes per second of whole runs (start to `done`), median over `repeats` after a warm-up. */
async function throughput(flow: Flow, repeats: number, options: ThroughputOptions = {}): Promise<Record<string, number>> {
  const { persist = false } = options;
  const compiled = compile(flow);
  // This script is bundled; run.ts bundles the runner's code worker beside it.
  const workerUrl = new URL("./code-worker.mjs", import.meta.url);
  const sandbox = options.sandbox ? await loadSandbox({ ...options.sandbox, workerUrl }) : undefined;
  if (sandbox && "ready" in sandbox) await (sandbox as { ready(): Promise<void> }).ready();
  const dir = mkdtempSync(join(tmpdir(), "nexus-bench-"));
  const samples: number[] = [];
  // Nodes per CPU second as well: on a shared, loaded machine wall time mostly measures the neighbours.
  const cpuSamples: number[] = [];
  try {
    for (let i = 0; i <= repeats; i++) {
      const runId = `bench-${i}`;
      const writer = persist ? await createFileRunStore(dir, { durability: options.durability ?? "fsync" }).open(runId) : undefined;
      const sink: RunEventSink = writer ?? { append: () => {} };
      const ports: RunPorts = { clock: systemClock, sink, ...(sandbox ? { services: { sandbox } } : {}) };
      const started = performance.now();
      const cpuStart = process.cpuUsage();
      const state = await startRun({ compiled, runId, input: { n: 1 } }, ports, options.concurrency ? { concurrency: options.concurrency } : undefined).done;
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuStart);
      await writer?.close();
      if (state.status !== "succeeded") throw new Error(`bench run ${state.status}: ${state.error?.message}`);
      if (i > 0) samples.push(flow.nodes.length / seconds); // run 0 warms the JIT up
      if (i > 0) cpuSamples.push(flow.nodes.length / ((cpu.user + cpu.system) / 1e6));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    sandbox?.dispose();
  }
  samples.sort((a, b) => a - b);
  cpuSamples.sort((a, b) => a - b);
  return { value: samples[Math.floor(samples.length / 2)]!, min: samples[0]!, perCpuSecond: cpuSamples[Math.floor(cpuSamples.length / 2)]! };
}

/** Peak resident memory of a process that validates and runs the flow once. */
async function peakRss(flow: Flow): Promise<Record<string, number>> {
  const state = await startRun({ compiled: compile(flow), runId: "rss", input: {} }, { clock: systemClock }).done;
  if (state.status !== "succeeded") throw new Error(`bench run ${state.status}`);
  return { value: process.resourceUsage().maxRSS / 1024 };
}

function compile(flow: Flow) {
  const result = validateFlow(flow);
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join("\n"));
  return result.compiled;
}

const name = process.argv[2]!;
const scenario = scenarios[name];
if (!scenario) throw new Error(`unknown scenario ${name}; known: ${Object.keys(scenarios).join(", ")}`);
process.stdout.write(JSON.stringify(await scenario()) + "\n");
