/**
 * The `db.query` executor: one statement on a pooled connection of the named connection,
 * params sent as bind values ($1, $2…) so no value ever becomes SQL, a statement timeout
 * set on the server, and a cancelled run cancelling the query on the server.
 */
import type pg from "pg";
import { dbQueryDefaults, ErrorCode, NexusError, renderQueryParams, type DbQueryConfig, type JsonValue, type NodeExecution, type NodeExecutor } from "@nexus-flow/shared";
import type { PostgresPools } from "./postgres-pools.ts";
import { postgresError } from "./postgres-errors.ts";

/** The statement_timeout each pooled connection has now, so it is set only when it changes. */
const timeouts = new WeakMap<pg.PoolClient, number>();

export function dbQueryExecutor(pools: PostgresPools): NodeExecutor {
  return async (execution) => {
    const config = execution.config as DbQueryConfig;
    const params = await renderQueryParams(execution as NodeExecution<DbQueryConfig>);
    if (execution.signal.aborted) throw cancelled();
    const pool = pools.pool(config.connection);
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw postgresError(error, { connection: config.connection, cancelled: false });
    }
    let broken: Error | undefined;
    let cancelling: Promise<void> | undefined;
    const onAbort = () => (cancelling = pools.cancel(config.connection, (client as unknown as { processID: number }).processID).catch(() => {}));
    execution.signal.addEventListener("abort", onAbort, { once: true });
    try {
      await setStatementTimeout(client, config.timeoutMs ?? 0);
      const result = await client.query({ text: config.sql, values: params as unknown[] });
      return { output: outputOf(result, config) };
    } catch (error) {
      if (!(error as { code?: string }).code || !/^[0-9A-Z]{5}$/.test((error as { code: string }).code)) broken = error as Error;
      throw error instanceof NexusError ? error : postgresError(error, { connection: config.connection, cancelled: execution.signal.aborted, ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}) });
    } finally {
      execution.signal.removeEventListener("abort", onAbort);
      await cancelling;
      // A connection that failed below SQL is thrown away rather than handed to the next node.
      client.release(broken);
    }
  };
}

async function setStatementTimeout(client: pg.PoolClient, ms: number): Promise<void> {
  if ((timeouts.get(client) ?? 0) === ms) return;
  await client.query(`SET statement_timeout = ${Math.trunc(ms)}`);
  timeouts.set(client, ms);
}

function outputOf(result: pg.QueryResult, config: DbQueryConfig): JsonValue {
  if ((config.mode ?? dbQueryDefaults.mode) === "execute") return { rowCount: result.rowCount ?? 0, command: result.command };
  const maxRows = config.maxRows ?? dbQueryDefaults.maxRows;
  if (result.rows.length > maxRows) {
    throw new NexusError({
      code: "TOO_MANY_ROWS",
      message: `the query returned ${result.rows.length} rows, more than maxRows (${maxRows}): page through them with ORDER BY … LIMIT $n OFFSET $m (or WHERE id > $last) and the values in params, or raise maxRows`,
      retryable: false,
    });
  }
  return { rows: result.rows.map(jsonRow), rowCount: result.rowCount ?? result.rows.length, fields: result.fields.map((field) => ({ name: field.name, dataTypeID: field.dataTypeID })) };
}

/** Dates as ISO text and bytea as `\x…` hex, the way psql shows them; the rest is JSON already. */
function jsonRow(row: Record<string, unknown>): JsonValue {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(row)) out[key] = jsonValue(value);
  return out;
}

function jsonValue(value: unknown): JsonValue {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString("hex")}`;
  if (Array.isArray(value)) return value.map(jsonValue);
  if (typeof value === "bigint") return value.toString();
  return value as JsonValue;
}

const cancelled = () => new NexusError({ code: ErrorCode.Cancelled, message: "cancelled before the query started", retryable: false });
