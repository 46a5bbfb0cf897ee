/**
 * Runners and Docker through the hub (real `wrangler dev`, real runner processes, a real
 * Docker engine): a runner without Docker does not advertise `node:docker.run`; a runner
 * whose Docker goes away fails the docker job in hand with "Docker is not available on
 * runner <name>", tells the hub at once, and is offered no docker job after that.
 * The engine "goes away" by closing a Unix-socket relay in front of it: the real daemon
 * keeps serving the other suites.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { writeFileSync } from "node:fs";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { eventually } from "../support/dev-process.ts";
import { dockerSocket, ensureDockerEngine, testImage } from "../support/docker-engine.ts";
import { call, createTeam, type TestTeam } from "./support/control-api.ts";
import { startRunner, type RunnerProcess } from "./support/runner-process.ts";
import { connectSubmitter, nodeJob, type Submitter } from "./support/submitter.ts";

const relay = inject("controlUrl");
const runners: RunnerProcess[] = [];
let team: TestTeam;
let dir: string;
let submitter: Submitter;

beforeAll(async () => {
  await ensureDockerEngine();
  dir = mkdtempSync(join(tmpdir(), "nexus-docker-runner-"));
  team = await createTeam(relay, "docker team");
  submitter = await connectSubmitter(relay, await team.token("editor"));
}, 120_000);

afterAll(async () => {
  submitter?.close();
  await Promise.all(runners.map((runner) => runner.dispose()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A Unix socket that forwards to the real engine until closed. */
function socketRelay(path: string): Promise<{ close(): void }> {
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const engine = createConnection(dockerSocket);
    open.add(client).add(engine);
    client.pipe(engine).pipe(client);
    const drop = () => (client.destroy(), engine.destroy());
    client.on("error", drop).on("close", drop);
    engine.on("error", drop).on("close", drop);
  });
  return new Promise((resolve) => server.listen(path, () => resolve({ close: () => (server.close(), open.forEach((socket) => socket.destroy())) })));
}

async function runnerWithDockerAt(name: string, socket: string) {
  const configFile = join(dir, `${name}.json`);
  writeFileSync(configFile, JSON.stringify({ docker: { allowedImages: ["nexus-test/*"], socket } }));
  const runner = await startRunner(relay, await team.token("runner"), { name, extraArgs: ["--config", configFile] });
  runners.push(runner);
  await runner.connected();
  return runner;
}

const advertised = async (name: string): Promise<string[]> => (await call(relay, team.adminToken, "GET", "/api/runners")).body.runners.find((r: { name: string }) => r.name === name)?.connections ?? [];
const dockerJob = (key: string, command: string[]) => ({ ...nodeJob(key, "docker.run", { image: testImage, command }), connections: ["node:docker.run"] });

describe("runners and Docker through the hub", () => {
  it("a runner started without Docker does not advertise node:docker.run, and says why", async () => {
    const runner = await runnerWithDockerAt("dockerless-runner", join(dir, "nothing-here.sock"));
    expect(await advertised("dockerless-runner")).not.toContain("node:docker.run");
    expect(runner.output()).toContain("docker.run: off, Docker is not available on runner dockerless-runner: no Docker socket at");
  });

  it("when Docker goes away, the job in hand fails saying so, the runner stops advertising Docker, and the hub offers it no docker job", async () => {
    const socket = join(dir, "docker.sock");
    const engine = await socketRelay(socket);
    const runner = await runnerWithDockerAt("docker-runner", socket);
    expect(await advertised("docker-runner")).toContain("node:docker.run");
    submitter.send(dockerJob("d1:box:1", ["echo", "hi"]));
    expect(await submitter.next("d1:box:1", "result", 30_000)).toMatchObject({ runner: "docker-runner", outcome: { ok: true, output: { exitCode: 0, stdout: "hi\n" } } });

    engine.close();
    rmSync(socket, { force: true });
    submitter.send(dockerJob("d2:box:1", ["echo", "hi"]));
    const failed = await submitter.next("d2:box:1", "result", 30_000);
    expect(failed.outcome).toMatchObject({ ok: false, error: { code: "DOCKER_UNAVAILABLE", message: `Docker is not available on runner docker-runner: no Docker socket at ${socket} (is dockerd running?)` } });
    await eventually(async () => (!(await advertised("docker-runner")).includes("node:docker.run") ? true : undefined), 10_000, "the runner to stop advertising node:docker.run");
    expect(runner.output()).toMatch(/now offering (?!.*docker).*\n/);
    expect(runner.output()).not.toMatch(/no longer holds it/);

    submitter.send(dockerJob("d3:box:1", ["echo", "hi"]));
    expect(await submitter.next("d3:box:1", "accepted")).toMatchObject({ status: "queued" });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(submitter.notices.filter((n) => n.key === "d3:box:1" && n.type === "started")).toEqual([]);
    submitter.send({ type: "cancel", key: "d3:box:1", reason: "test over" });
    expect(runner.child.exitCode).toBeNull();
  });
});
