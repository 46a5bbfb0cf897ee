/**
 * A CPU profile of the hub (the worker isolate under `wrangler dev`) during the throughput
 * benchmark: 20,000 no-op jobs, 4 runners × 50 slots. Not part of `npm run bench`; run it
 * by hand to see where the Durable Object's one thread goes:
 *   node --import tsx test/bench/control-profile.ts [jobs] [out.cpuprofile]
 * Prints the top functions by self time; the whole profile opens in Chrome DevTools.
 */
import { writeFileSync } from "node:fs";
import WebSocket from "ws";
import { freePort } from "../support/dev-process.ts";
import { startWranglerDev } from "../control/support/wrangler-dev.ts";
import { startHubSide } from "./control-hub.ts";

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
  const inspector = await attach(inspectorPort);
  await inspector.call("Profiler.enable");
  await inspector.call("Profiler.setSamplingInterval", { interval: 200 });
  await inspector.call("Profiler.start");
  const ms = await hub.throughput(jobs, "profiled");
  const { profile } = (await inspector.call("Profiler.stop")) as { profile: Profile };
  inspector.close();
  await hub.close();
  writeFileSync(out, JSON.stringify(profile));
  console.log(`${jobs} jobs in ${ms.toFixed(0)} ms: ${Math.round((jobs / ms) * 1000)} jobs/s (profiled); profile in ${out}`);
  printTop(profile);
} finally {
  await relay.dispose();
}
process.exit(0);

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
