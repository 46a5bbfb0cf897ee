/**
 * Lost-runner detection: a headless run waits in a 30 s delay node on runner A; A's whole
 * process group is killed (kill -9, as a crash or a pulled plug), and the time is taken
 * until runner B says it started the re-offered job. The hub sees the socket close, gives
 * the lease `reconnectGraceMs` to come back (L6), then re-offers it on its alarm (L4).
 */
import { call, createTeam } from "../control/support/control-api.ts";
import { startRunner } from "../control/support/runner-process.ts";

const flow = {
  schemaVersion: 1,
  id: "bench-lost",
  name: "Lost runner bench",
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "wait", type: "delay", position: { x: 200, y: 0 }, config: { ms: 30_000 } },
    { id: "after", type: "noop", position: { x: 400, y: 0 }, config: {} },
  ],
  edges: [
    { id: "e1", source: "start", target: "wait" },
    { id: "e2", source: "wait", target: "after" },
  ],
};

/** ms from the kill to the job's start on the other runner. */
export async function measureLostRunner(relayUrl: string, round: number): Promise<number> {
  const team = await createTeam(relayUrl, `bench lost ${round}`);
  const published = await call(relayUrl, team.adminToken, "PUT", `/api/flows/${flow.id}`, flow);
  if (published.status !== 201) throw new Error(`publishing the bench flow answered ${published.status}: ${JSON.stringify(published.body)}`);
  const a = await startRunner(relayUrl, await team.token("runner"), { name: `lost-a-${round}`, concurrency: 1 });
  try {
    await a.connected();
    const started = await call(relayUrl, team.adminToken, "POST", `/api/flows/${flow.id}/runs`, {});
    if (started.status !== 202) throw new Error(`starting the bench run answered ${started.status}`);
    await a.waitForOutput(/job \S+: started/, 30_000);
    // B attaches only once A holds the run, so the first offer went to A.
    const b = await startRunner(relayUrl, await team.token("runner"), { name: `lost-b-${round}`, concurrency: 1 });
    try {
      await b.connected();
      const killedAt = performance.now();
      await a.kill();
      await b.waitForOutput(/job \S+: started/, 60_000);
      return performance.now() - killedAt;
    } finally {
      await b.dispose();
    }
  } finally {
    await a.dispose();
  }
}
