/**
 * A CPU profile of the hub (the worker isolate under `wrangler dev`) during the throughput
 * benchmark: 20,000 no-op jobs, 4 runners × 50 slots. Not part of `npm run bench`; run it
 * by hand to see where the Durable Object's one thread goes:
 *   node --import tsx test/bench/control-profile.ts [jobs] [out.cpuprofile | none]
 * Prints the top functions by self time (the whole profile opens in Chrome DevTools) and the
 * CPU time workerd spent per 1,000 jobs, a figure a loaded machine moves less than jobs/s.
 * `none`: no profiler, three rounds of that figure (to compare two versions of the hub), and
 * the same for BullMQ with 4 workers × 50 (Redis, the workers, the benchmark's Queue).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import WebSocket from "ws";
import { freePort } from "../support/dev-process.ts";
import { startWranglerDev } from "../control/support/wrangler-dev.ts";
import { startBullSide } from "./control-bullmq.ts";
import { startHubSide } from "./control-hub.ts";
import { startRedis } from "./control-redis.ts";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

const jobs = Number(process.argv[2] ?? 20_000);
const out = process.argv[3] ?? "/tmp/hub.cpuprofile";
const inspectorPort = await freePort();
const relay = await startWranglerDev({}, { stateRoot: "/dev/shm", inspectorPort });
try {
  const hub = await startHubSide(relay.url, { name: "profile", runners: 4, slots: 50, submitters: 20 });
  await hub.throughput(2_000, "warm");
  const workerd = workerdPids(relay.port);
  if (out === "none") {
    const runners = runnerPids(relay.port);
    const perThousand = (ms: number) => ((ms / jobs) * 1000).toFixed(0);
    for (let round = 0; round < 3; round++) {
      const before = { workerd: cpuMs(workerd), runners: cpuMs(runners), bench: process.cpuUsage() };
      const ms = await hub.throughput(jobs, `round-${round}`);
      const bench = process.cpuUsage(before.bench);
      console.log(`${Math.round((jobs / ms) * 1000)} jobs/s; CPU ms per 1,000 jobs: workerd ${perThousand(cpuMs(workerd) - before.workerd)}, ${runners.length} runners ${perThousand(cpuMs(runners) - before.runners)}, submitters ${perThousand((bench.user + bench.system) / 1000)}`);
    }
    await hub.close();
    await measureBull(perThousand);
  } else {
    const inspector = await attach(inspectorPort);
    await inspector.call("Profiler.enable");
    await inspector.call("Profiler.setSamplingInterval", { interval: 200 });
    await inspector.call("Profiler.start");
    const cpuBefore = cpuMs(workerd);
    const ms = await hub.throughput(jobs, "profiled");
    const cpu = cpuMs(workerd) - cpuBefore;
    const { profile } = (await inspector.call("Profiler.stop")) as { profile: Profile };
    inspector.close();
    await hub.close();
    writeFileSync(out, JSON.stringify(profile));
    console.log(`${jobs} jobs in ${ms.toFixed(0)} ms: ${Math.round((jobs / ms) * 1000)} jobs/s (profiled); workerd CPU ${((cpu / jobs) * 1000).toFixed(0)} ms per 1,000 jobs; profile in ${out}`);
    printTop(profile);
  }
} finally {
  await relay.dispose();
}
process.exit(0);

/** BullMQ's CPU per 1,000 jobs under the same load: Redis, the 4 worker processes, this process (Queue, QueueEvents). */
async function measureBull(perThousand: (ms: number) => string): Promise<void> {
  const redis = await startRedis();
  try {
    const bull = await startBullSide(redis.port, "profile", 4, 50);
    await bull.throughput(2_000);
    const server = pidsWhere((cmdline) => cmdline.startsWith("redis-server") && cmdline.includes(String(redis.port)));
    const workers = pidsWhere((cmdline) => cmdline.includes("control-bullmq-worker.ts") && cmdline.includes(String(redis.port)));
    for (let round = 0; round < 3; round++) {
      const before = { redis: cpuMs(server), workers: cpuMs(workers), bench: process.cpuUsage() };
      const ms = await bull.throughput(jobs);
      const bench = process.cpuUsage(before.bench);
      console.log(`BullMQ ${Math.round((jobs / ms) * 1000)} jobs/s; CPU ms per 1,000 jobs: redis ${perThousand(cpuMs(server) - before.redis)}, ${workers.length} workers ${perThousand(cpuMs(workers) - before.workers)}, queue ${perThousand((bench.user + bench.system) / 1000)}`);
    }
    await bull.close();
  } finally {
    await redis.stop();
  }
}

function pidsWhere(test: (cmdline: string) => boolean): number[] {
  return readdirSync("/proc").filter((entry) => /^\d+$/.test(entry)).flatMap((entry) => {
    try {
      return test(readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ")) ? [Number(entry)] : [];
    } catch {
      return []; // gone meanwhile
    }
  });
}

/** The `nexus runner` processes attached to the relay on `port`. */
function runnerPids(port: number): number[] {
  return readdirSync("/proc").filter((entry) => /^\d+$/.test(entry)).flatMap((entry) => {
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      return cmdline.includes("runner/bin/nexus.js") && cmdline.includes(`127.0.0.1:${port}`) ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

/** The workerd processes of the relay: the one on its port (wrangler's proxy) and its siblings (the worker itself). */
function workerdPids(port: number): number[] {
  const processes = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry)).flatMap((entry) => {
    try {
      const parent = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
      return [{ pid: Number(entry), parent, cmdline: readFileSync(`/proc/${entry}/cmdline`, "utf8") }];
    } catch {
      return []; // gone meanwhile
    }
  });
  const entry = processes.find((process_) => process_.cmdline.includes(`--socket-addr=entry=127.0.0.1:${port}`));
  if (!entry) throw new Error(`no workerd process serves port ${port}`);
  return processes.filter((process_) => process_.parent === entry.parent && process_.cmdline.includes("workerd")).map((process_) => process_.pid);
}

/** User and system CPU time of a process so far, in ms (clock ticks of 10 ms). */
function cpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * 10;
}

/** The worker's DevTools endpoint, through wrangler's inspector proxy. */
async function attach(port: number): Promise<{ call(method: string, params?: object): Promise<unknown>; close(): void }> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
  const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => (socket.once("open", resolve), socket.once("error", reject)));
  let next = 1;
  const pending = new Map<number, (result: unknown) => void>();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (message.id) pending.get(message.id)?.(message.result);
  });
  return {
    call: (method, params = {}) =>
      new Promise((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

function printTop(profile: Profile): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id)!.callFrame;
    const key = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").slice(-2).join("/")}:${frame.lineNumber + 1}`;
    const delta = profile.timeDeltas[index] ?? 0;
    self.set(key, (self.get(key) ?? 0) + delta);
    total += delta;
  });
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`);
}
