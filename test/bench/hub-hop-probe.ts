/**
 * `npx tsx test/bench/hub-hop-probe.ts [jobs] [rounds]`: a diagnostic for the runner-placement
 * row's per-hop figure (app-team-run.ts) without the browser: two `wrangler dev` hubs, one
 * with its SQLite on /dev/shm and one on disk (the OS temp dir, an fsync per commit, as
 * `npm start` has it), each with a `nexus runner`, and a Node socket that submits no-op jobs
 * one after another as the tab does (submit → result → next submit, `?batch=1`). Rounds
 * alternate between the two hubs, so a shared machine's load falls on both rows alike.
 * Prints each row's median and mean per job, and the disk row's extra over tmpfs.
 * `NEXUS_PROBE_AHEAD=1`: the chain is submitted ahead instead (PROTOCOL J6: each job waits on the one
 * before and is offered in the commit that stores its result), and a sample is a whole chain's time
 * divided by its jobs. The `base-` rows (NEXUS_PROBE_BASE) still submit one job after another, so
 * the two ways compare under the same load.
 * `NEXUS_PROBE_SIDES=disk`: one row only. `NEXUS_PROBE_BASE=<another checkout>`: that
 * checkout's hub too (e.g. `git worktree add /tmp/base main`), to compare two versions.
 */
import { loadavg } from "node:os";
import WebSocket from "ws";
import { buildCliForTests } from "../../runner/test-support/built-cli.ts";
import { startWranglerDev, type WranglerDev } from "../control/support/wrangler-dev.ts";
import { startRunner, type RunnerProcess } from "../control/support/runner-process.ts";
import { createTeam } from "../control/support/control-api.ts";

const jobs = Number(process.argv[2] ?? 200);
const rounds = Number(process.argv[3] ?? 6);

interface Side {
  readonly name: string;
  readonly relay: WranglerDev;
  readonly runner: RunnerProcess;
  readonly token: string;
  readonly samples: number[];
}

async function startSide(name: string, stateRoot: string | undefined, root?: string): Promise<Side> {
  const relay = await startWranglerDev({}, { ...(stateRoot ? { stateRoot } : {}), ...(root ? { root } : {}) });
  const team = await createTeam(relay.url, `probe ${name}`);
  const runner = await startRunner(relay.url, await team.token("runner"), { name: `probe-${name}`, concurrency: 4 });
  await runner.connected();
  return { name, relay, runner, token: await team.token("editor"), samples: [] };
}

const payloadOf = (runId: string, i: number) => ({ runId, nodeId: `n${i}`, type: "noop", config: {}, input: null, runInput: null, attempt: 1, maxPayloadBytes: 1 << 20 });

/** J6: the whole chain in frames of 100, each job after the one before; one sample per job, the chain's time / jobs. */
async function aheadLoop(side: Side, runId: string, record: boolean): Promise<void> {
  const socket = new WebSocket(`${side.relay.url.replace(/^http/, "ws")}/api/jobs/connect?token=${side.token}&batch=1`);
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  const started = performance.now();
  const last = `${runId}:n${jobs - 1}:1`;
  const done = new Promise<void>((resolve) =>
    socket.on("message", (data) => {
      const parsed = JSON.parse(String(data)) as { type: string; key?: string } | { type: string; key?: string }[];
      if ((Array.isArray(parsed) ? parsed : [parsed]).some((notice) => notice.type === "result" && notice.key === last)) resolve();
    }),
  );
  const submits = Array.from({ length: jobs }, (_, i) => ({ type: "submit", key: `${runId}:n${i}:1`, labels: [], connections: [], payload: payloadOf(runId, i), reofferBudget: 3, ...(i ? { after: { key: `${runId}:n${i - 1}:1`, port: "out", defaultPort: "out" } } : {}) }));
  for (let at = 0; at < jobs; at += 100) socket.send(JSON.stringify(submits.slice(at, at + 100)));
  await done;
  const perJob = (performance.now() - started) / jobs;
  if (record) for (let i = 0; i < jobs; i++) side.samples.push(perJob);
  socket.close();
}

/** `jobs` submits one after another on one socket; each sample is submit → result. */
async function loop(side: Side, runId: string, record: boolean): Promise<void> {
  if (process.env.NEXUS_PROBE_AHEAD === "1" && !side.name.startsWith("base")) return aheadLoop(side, runId, record);
  const socket = new WebSocket(`${side.relay.url.replace(/^http/, "ws")}/api/jobs/connect?token=${side.token}&batch=1`);
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  await new Promise<void>((resolve) => {
    let i = 0;
    let started = 0;
    const next = () => {
      started = performance.now();
      const payload = { runId, nodeId: `n${i}`, type: "noop", config: {}, input: null, runInput: null, attempt: 1, maxPayloadBytes: 1 << 20 };
      socket.send(JSON.stringify({ type: "submit", key: `${runId}:n${i}:1`, labels: [], connections: [], payload, reofferBudget: 3 }));
    };
    socket.on("message", (data) => {
      const parsed = JSON.parse(String(data)) as { type: string } | { type: string }[];
      if (!(Array.isArray(parsed) ? parsed : [parsed]).some((notice) => notice.type === "result")) return;
      if (record) side.samples.push(performance.now() - started);
      if (++i < jobs) return next();
      resolve();
    });
    next();
  });
  socket.close();
}

function summary(samples: readonly number[]): { median: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, mean: sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length };
}

buildCliForTests();
// NEXUS_PROBE_SIDES=disk (or tmpfs): one row only, e.g. to strace its workerd.
const wanted = (process.env.NEXUS_PROBE_SIDES ?? "tmpfs,disk").split(",");
const sides: Side[] = [];
if (wanted.includes("tmpfs")) sides.push(await startSide("tmpfs", "/dev/shm"));
if (wanted.includes("disk")) sides.push(await startSide("disk", undefined));
// NEXUS_PROBE_BASE=<another checkout>: its hub beside this one's, both rows, to compare two versions under the same load.
const base = process.env.NEXUS_PROBE_BASE;
if (base && wanted.includes("tmpfs")) sides.push(await startSide("base-tmpfs", "/dev/shm", base));
if (base && wanted.includes("disk")) sides.push(await startSide("base-disk", undefined, base));
try {
  const load = [loadavg()[0]!];
  for (const side of sides) await loop(side, "warm", false);
  for (let round = 0; round < rounds; round++) for (const side of sides) await loop(side, `r${round}`, true);
  load.push(loadavg()[0]!);
  const rows = Object.fromEntries(sides.map((side) => [side.name, summary(side.samples)]));
  const fmt = (n: number) => n.toFixed(3);
  for (const [name, row] of Object.entries(rows)) console.log(`${name.padEnd(10)} median ${fmt(row.median)} ms  mean ${fmt(row.mean)} ms per job`);
  if (rows["base-disk"] && rows.disk) console.log(`disk − base-disk: median ${fmt(rows.disk.median - rows["base-disk"].median)} ms  mean ${fmt(rows.disk.mean - rows["base-disk"].mean)} ms`);
  if (rows.disk && rows.tmpfs) console.log(`disk − tmpfs: median ${fmt(rows.disk!.median - rows.tmpfs!.median)} ms  mean ${fmt(rows.disk!.mean - rows.tmpfs!.mean)} ms  (load ${load.map((l) => l.toFixed(1)).join(" → ")}, ${jobs} jobs × ${rounds} rounds)`);
} finally {
  for (const side of sides) {
    await side.runner.dispose();
    await side.relay.dispose();
  }
}
