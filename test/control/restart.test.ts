/**
 * Reconnects lose nothing (PROTOCOL.md L5, C1–C3): the Worker dev server is stopped and started
 * again while a runner is in the middle of a headless run. The runner reconnects, re-claims its
 * lease, resends what the hub had not acknowledged, and the run completes with every log entry
 * stored once, in order.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunEvent } from "@nexus-flow/shared";
import { startTestServer } from "../../shared/test-support/test-http-server.ts";
import { eventually } from "../support/dev-process.ts";
import { call, createTeam, type TestTeam } from "./support/control-api.ts";
import { hits, sideEffectFlow } from "./support/flows.ts";
import { startRunner, type RunnerProcess } from "./support/runner-process.ts";
import { startWranglerDev, type WranglerDev } from "./support/wrangler-dev.ts";

let relay: WranglerDev;
let team: TestTeam;
let runner: RunnerProcess;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  relay = await startWranglerDev();
  team = await createTeam(relay.url);
  server = await startTestServer({ "/a": [{ status: 200, body: "{}" }], "/b": [{ status: 200, body: "{}" }] });
  runner = await startRunner(relay.url, await team.token("runner"), { name: "steady" });
  await runner.connected();
});
afterAll(async () => {
  await runner?.dispose();
  await server?.close();
  await relay?.dispose();
});

it("L5, C2: restarting the relay mid-run loses and duplicates no log entry; the run completes", async () => {
  await call(relay.url, team.adminToken, "PUT", "/api/flows/steady", sideEffectFlow("steady", server.url, 2_000));
  const { body } = await call(relay.url, team.adminToken, "POST", "/api/flows/steady/runs", {});
  const getRun = async () => (await call(relay.url, team.adminToken, "GET", `/api/runs/${body.runId}`)).body;
  await eventually(async () => ((await getRun()).nodes.wait.status === "waiting" ? true : undefined), 20_000, "the delay to start");

  await relay.restart("stop"); // the delay ends while the relay is down: its events wait in the runner's outbox
  await runner.connected(2);

  const run = await eventually(async () => ((await getRun()).status === "succeeded" ? getRun() : undefined), 30_000, "the run to succeed after the restart");
  expect(run.nodes.b).toMatchObject({ status: "succeeded", runner: "steady" });
  expect(hits(server.requests, "/a")).toBe(1);
  expect(hits(server.requests, "/b")).toBe(1);

  const entries = await readEvents(relay.url, team.adminToken, body.runId);
  expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
  const events = entries.map((e) => e.entry as RunEvent);
  const starts = events.filter((e) => e.type === "node.started").map((e) => (e as { nodeId: string }).nodeId);
  expect(starts).toEqual(["start", "a", "b"]); // the delay waits, it does not start
  expect(events.filter((e) => e.type === "run.finished")).toHaveLength(1);
  expect(events.filter((e) => e.type === "node.succeeded")).toHaveLength(4);
});

/** The run's whole log through the events socket (sent from the start, then closed when the run has ended). */
async function readEvents(relayUrl: string, token: string, runId: string): Promise<{ seq: number; entry: unknown }[]> {
  const { default: WebSocket } = await import("ws");
  return new Promise((resolve, reject) => {
    const entries: { seq: number; entry: unknown }[] = [];
    const socket = new WebSocket(`${relayUrl.replace("http", "ws")}/api/runs/${runId}/events?token=${token}`);
    socket.on("message", (data) => {
      const message = JSON.parse(String(data));
      if (message.type === "end") {
        socket.terminate();
        resolve(entries);
      } else entries.push(message);
    });
    socket.on("error", reject);
  });
}
