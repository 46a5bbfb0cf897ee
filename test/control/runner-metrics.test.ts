/**
 * The runner's own `/metrics` (`nexus runner --metrics-port`, issue 12): a real runner process
 * on a real `wrangler dev`, scraped over HTTP and read with a Prometheus text parser. Its
 * counters match the headless runs it was given, failed ones counted as failed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: the package ships no types
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { eventually } from "../support/dev-process.ts";
import { call, createTeam, type TestTeam } from "./support/control-api.ts";
import { startRunner, type RunnerProcess } from "./support/runner-process.ts";
import { startWranglerDev, type WranglerDev } from "./support/wrangler-dev.ts";

interface Family {
  name: string;
  type: string;
  metrics: Array<{ value: string; labels?: Record<string, string> }>;
}

let relay: WranglerDev;
let team: TestTeam;
let runner: RunnerProcess;
let metricsUrl: string;

beforeAll(async () => {
  relay = await startWranglerDev();
  team = await createTeam(relay.url, "metrics team");
  runner = await startRunner(relay.url, await team.token("runner"), { name: "scraped", concurrency: 3, extraArgs: ["--metrics-port", "0"] });
  await runner.connected();
  metricsUrl = /metrics at (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(runner.output())![1]!;
});
afterAll(async () => {
  await runner?.dispose();
  await relay?.dispose();
});

async function scrape(): Promise<Map<string, Family>> {
  const response = await fetch(metricsUrl);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  return new Map((parsePrometheusTextFormat(await response.text()) as Family[]).map((family) => [family.name, family]));
}

const value = (families: Map<string, Family>, name: string, labels: Record<string, string> = {}) =>
  Number(families.get(name)?.metrics.find((metric) => Object.entries(labels).every(([key, wanted]) => metric.labels?.[key] === wanted))?.value);

//   start (manual) ─► work (transform: throws when input.fail)
const flow = {
  schemaVersion: 1,
  id: "scraped-flow",
  name: "Scraped",
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "work", type: "transform", position: { x: 240, y: 0 }, config: { code: "if (input.fail) throw new Error('asked to fail'); return { ok: true }" } },
  ],
  edges: [{ id: "e1", source: "start", target: "work" }],
};

describe("the runner's /metrics", () => {
  it("parses as Prometheus text: connected, slots, nothing running, and jobs done and failed as the runs went", async () => {
    const before = await scrape();
    expect(value(before, "nexus_runner_connected", { runner: "scraped" })).toBe(1);
    expect(value(before, "nexus_runner_slots")).toBe(3);
    expect(value(before, "nexus_runner_jobs_total", { kind: "flow.run", outcome: "done" })).toBe(0);
    expect(before.get("nexus_runner_jobs_total")!.type).toBe("COUNTER");

    expect((await call(relay.url, team.adminToken, "PUT", `/api/flows/${flow.id}`, flow)).status).toBe(201);
    const fails = [false, true, false, false, true];
    for (const fail of fails) expect((await call(relay.url, team.adminToken, "POST", `/api/flows/${flow.id}/runs`, { input: { fail } })).status).toBe(202);
    await eventually(async () => {
      const runs = (await call(relay.url, team.adminToken, "GET", `/api/runs?flowId=${flow.id}`)).body.runs as Array<{ status: string }>;
      return runs.length === fails.length && runs.every((run) => run.status === "succeeded" || run.status === "failed") ? true : undefined;
    }, 60_000);

    // The runner counts a job finished when its outcome is known, and stops holding it when the
    // hub says done, a moment later: wait for both.
    const after = await eventually(async () => {
      const families = await scrape();
      const finished = value(families, "nexus_runner_jobs_total", { kind: "flow.run", outcome: "done" }) + value(families, "nexus_runner_jobs_total", { kind: "flow.run", outcome: "failed" });
      return finished === fails.length && value(families, "nexus_runner_jobs_running") === 0 ? families : undefined;
    });
    expect(value(after, "nexus_runner_jobs_total", { kind: "flow.run", outcome: "done" })).toBe(3);
    expect(value(after, "nexus_runner_jobs_total", { kind: "flow.run", outcome: "failed" })).toBe(2);
    expect(value(after, "nexus_runner_jobs_running")).toBe(0);
    expect(value(after, "nexus_runner_reconnects_total")).toBe(0);
    expect((await fetch(metricsUrl.replace("/metrics", "/other"))).status).toBe(404);
  });
});
