/**
 * Triggers as users meet them (issue 12), run in a fresh process: a real `wrangler dev` and a
 * real `nexus runner`. Webhook with `respond: result` → run on the runner → answer, for a
 * 3-node and a 20-node chain, 500 requests each, one at a time; and a schedule firing every
 * second, its fire-time error: the schedule node's start on the runner against the time due. Prints one JSON line.
 */
import { loadavg } from "node:os";
import { buildCliForTests } from "../../runner/test-support/built-cli.ts";
import { call, createTeam } from "../control/support/control-api.ts";
import { startRunner } from "../control/support/runner-process.ts";
import { startWranglerDev } from "../control/support/wrangler-dev.ts";
import { percentile } from "./collab-stats.ts";

export interface TriggerFigures {
  readonly chain3: { p50: number; p99: number };
  readonly chain20: { p50: number; p99: number };
  readonly scheduleErrorP99Ms: number;
  readonly occurrences: number;
  readonly load: number;
}

const requests = Number(process.env.NEXUS_BENCH_WEBHOOK_REQUESTS ?? 500);
const scheduleSeconds = Number(process.env.NEXUS_BENCH_SCHEDULE_SECONDS ?? 100);

//   hook ─► t1 ─► t2 ─► … ─► t(n-1)
function webhookChain(id: string, nodes: number) {
  const chain = Array.from({ length: nodes - 1 }, (_, i) => ({ id: `t${i + 1}`, type: "transform", position: { x: 200 * (i + 1), y: 0 }, config: { code: "return { n: (input.n ?? input.body.n) + 1 }" } }));
  return {
    schemaVersion: 1,
    id,
    name: id,
    nodes: [{ id: "hook", type: "trigger.webhook", position: { x: 0, y: 0 }, config: { respond: "result", timeoutMs: 30_000 } }, ...chain],
    edges: chain.map((node, i) => ({ id: `e${i}`, source: i === 0 ? "hook" : `t${i}`, target: node.id })),
  };
}

async function timeWebhook(url: string): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let i = 0; i < requests + 20; i++) {
    const started = performance.now();
    const answer = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"n":1}' });
    if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}: ${await answer.text()}`);
    await answer.arrayBuffer();
    if (i >= 20) samples.push(performance.now() - started); // the first 20 warm the JIT and the pools up
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function main(): Promise<TriggerFigures> {
  buildCliForTests();
  const relay = await startWranglerDev();
  try {
    const team = await createTeam(relay.url);
    const attached = await startRunner(relay.url, await team.token("runner"), { name: "bench", concurrency: 8 });
    await attached.connected();
    const publish = async (flow: object) => (await call(relay.url, team.adminToken, "PUT", `/api/flows/${(flow as { id: string }).id}`, flow)).body;
    const chain3 = await timeWebhook((await publish(webhookChain("chain3", 3))).webhooks[0].url);
    const chain20 = await timeWebhook((await publish(webhookChain("chain20", 20))).webhooks[0].url);
    await publish({
      schemaVersion: 1,
      id: "every-second",
      name: "every second",
      nodes: [{ id: "tick", type: "trigger.schedule", position: { x: 0, y: 0 }, config: { cron: "* * * * * *", overlap: "allow" } }],
      edges: [],
    });
    await new Promise((resolve) => setTimeout(resolve, scheduleSeconds * 1000));
    await call(relay.url, team.adminToken, "DELETE", "/api/flows/every-second");
    const { occurrences } = (await call(relay.url, team.adminToken, "GET", "/api/flows/every-second/occurrences")).body as { occurrences: { scheduledAt: string; runId?: string }[] };
    // Measured from outside the hub (whose clock stands still within an event): the schedule
    // node's start on the runner's clock, against the time the occurrence was due.
    const errors: number[] = [];
    for (const occurrence of occurrences.filter((o) => o.runId)) {
      const run = (await call(relay.url, team.adminToken, "GET", `/api/runs/${occurrence.runId}`)).body as { nodes: { tick: { startedAt: string | null } } };
      if (run.nodes.tick.startedAt) errors.push(Date.parse(run.nodes.tick.startedAt) - Date.parse(occurrence.scheduledAt));
    }
    errors.sort((a, b) => a - b);
    await attached.dispose();
    return { chain3, chain20, scheduleErrorP99Ms: percentile(errors, 99), occurrences: errors.length, load: loadavg()[0]! };
  } finally {
    await relay.dispose();
  }
}

console.log(JSON.stringify(await main()));
