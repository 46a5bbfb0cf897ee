/**
 * The control relay benchmarks, run in a process of their own by `control-scenarios.ts`:
 * the hub under `wrangler dev` (workerd) with real `nexus runner` processes, against BullMQ
 * on a local `redis-server`, both on loopback. Prints one JSON object (the figures) as its
 * last line; progress and load averages go to stderr.
 * `NEXUS_BENCH_CONTROL_ROUNDS` sets the rounds of each comparison (default 3);
 * `NEXUS_BENCH_CONTROL_ONLY=rtt` or `=throughput` runs that comparison alone, for tuning (the
 * figures of the parts left out are 0).
 */
import { loadavg } from "node:os";
import { startWranglerDev } from "../control/support/wrangler-dev.ts";
import { startBullSide } from "./control-bullmq.ts";
import { startHubSide } from "./control-hub.ts";
import { measureLostRunner } from "./control-lost-runner.ts";
import { startRedis } from "./control-redis.ts";
import { measureStartup } from "./control-startup.ts";
import { median, percentile } from "./collab-stats.ts";

export interface ControlFigures {
  readonly rounds: number;
  readonly hubP50Ms: number;
  readonly hubP99Ms: number;
  readonly bullP50Ms: number;
  readonly bullP99Ms: number;
  readonly hubJobsPerSecond: number;
  readonly bullJobsPerSecond: number;
  readonly lostRunnerMs: number;
  readonly startupMs: number;
  /** 0, or 2 while the CLI does not know `--version` yet (it printed its usage instead). */
  readonly startupStatus: number | null;
  /** 1-minute load average at the start and the end. */
  readonly loadBefore: number;
  readonly loadAfter: number;
}

const rounds = Number(process.env.NEXUS_BENCH_CONTROL_ROUNDS ?? 3);
const roundTrips = 1_000;
const warmup = 100;
const throughputJobs = 20_000;
const load = () => loadavg()[0]!.toFixed(2);
const log = (line: string) => console.error(`control: ${line} (load ${load()})`);

const only = process.env.NEXUS_BENCH_CONTROL_ONLY;
const runs = (part: "rtt" | "throughput" | "rest") => only === undefined || only === part;

const loadBefore = loadavg()[0]!;
// The hub's SQLite in memory (tmpfs), as Redis runs here with no persistence: on this shared
// disk, every commit's fsync costs more than the rest of a job (`NEXUS_BENCH_CONTROL_DISK=1`
// keeps the state on disk instead, to see that cost).
const stateRoot = process.env.NEXUS_BENCH_CONTROL_DISK === "1" ? undefined : "/dev/shm";
const relay = await startWranglerDev({}, stateRoot ? { stateRoot } : {});
const redis = await startRedis();
try {
  const latency = runs("rtt") ? await measureRoundTrips(relay.url, redis.port) : [];
  const throughput = runs("throughput") ? await measureThroughput(relay.url, redis.port) : { hub: [], bull: [] };

  // Lost runner: kill -9 → the job started on another runner.
  const lost: number[] = [];
  for (let round = 0; round < (runs("rest") ? rounds : 0); round++) {
    lost.push(await measureLostRunner(relay.url, round));
    log(`lost runner ${round + 1}: re-started elsewhere after ${(lost.at(-1)! / 1000).toFixed(2)} s`);
  }

  // `nexus --version`, the whole process.
  const startup = runs("rest") ? measureStartup() : { ms: 0, status: null };
  log(`nexus --version: median ${startup.ms.toFixed(0)} ms (exit status ${startup.status})`);

  const medianOf = (side: "hub" | "bull", p: number) => median(latency.map((round) => percentile(round[side], p)));
  const figures: ControlFigures = {
    rounds,
    hubP50Ms: medianOf("hub", 50),
    hubP99Ms: medianOf("hub", 99),
    bullP50Ms: medianOf("bull", 50),
    bullP99Ms: medianOf("bull", 99),
    hubJobsPerSecond: median(throughput.hub),
    bullJobsPerSecond: median(throughput.bull),
    lostRunnerMs: median(lost),
    startupMs: startup.ms,
    startupStatus: startup.status,
    loadBefore,
    loadAfter: loadavg()[0]!,
  };
  console.log(JSON.stringify(figures));
} finally {
  await redis.stop();
  await relay.dispose();
}
process.exit(0);

async function measureRoundTrips(relayUrl: string, redisPort: number): Promise<Array<{ hub: number[]; bull: number[] }>> {
  // Round trip, one job at a time, the two systems taking turns job by job so that a
  // noisy moment of the machine lands on both alike. One runner, one worker.
  const hubOne = await startHubSide(relayUrl, { name: "bench-rtt", runners: 1, slots: 1, submitters: 1 });
  const bullOne = await startBullSide(redisPort, "bench-rtt", 1, 1);
  const latency: Array<{ hub: number[]; bull: number[] }> = [];
  try {
    for (let i = 0; i < warmup; i++) await hubOne.roundTrip(`warm-${i}`), await bullOne.roundTrip();
    for (let round = 0; round < rounds; round++) {
      const samples = { hub: [] as number[], bull: [] as number[] };
      for (let i = 0; i < roundTrips; i++) {
        samples.hub.push(await hubOne.roundTrip(`rtt-${round}-${i}`));
        samples.bull.push(await bullOne.roundTrip());
      }
      latency.push(samples);
      log(`round trip ${round + 1}: hub p50 ${percentile(samples.hub, 50).toFixed(2)} / p99 ${percentile(samples.hub, 99).toFixed(2)} ms; BullMQ p50 ${percentile(samples.bull, 50).toFixed(2)} / p99 ${percentile(samples.bull, 99).toFixed(2)} ms`);
    }
  } finally {
    await hubOne.close();
    await bullOne.close();
  }
  return latency;
}

async function measureThroughput(relayUrl: string, redisPort: number): Promise<{ hub: number[]; bull: number[] }> {
  // Throughput: 20,000 no-op jobs at once, 4 runners × 50 slots against 4 workers × 50.
  const hubMany = await startHubSide(relayUrl, { name: "bench-throughput", runners: 4, slots: 50, submitters: 20 });
  const bullMany = await startBullSide(redisPort, "bench-throughput", 4, 50);
  const throughput = { hub: [] as number[], bull: [] as number[] };
  try {
    await hubMany.throughput(2_000, "warm");
    await bullMany.throughput(2_000);
    for (let round = 0; round < rounds; round++) {
      const hubMs = await hubMany.throughput(throughputJobs, `tp-${round}`);
      const bullMs = await bullMany.throughput(throughputJobs);
      throughput.hub.push((throughputJobs / hubMs) * 1000);
      throughput.bull.push((throughputJobs / bullMs) * 1000);
      log(`throughput ${round + 1}: hub ${Math.round(throughput.hub.at(-1)!)} jobs/s, BullMQ ${Math.round(throughput.bull.at(-1)!)} jobs/s`);
    }
  } finally {
    await hubMany.close();
    await bullMany.close();
  }
  return throughput;
}
