/**
 * One `pg` pool per named connection of the runner's config, opened on first use. The URL is
 * read from its source (`env:`, `file:`) here and nowhere else; it never leaves this module
 * (errors name the connection, not the URL).
 */
import pg from "pg";
import { ErrorCode, NexusError } from "@nexus-flow/shared";
import type { RunnerConfig } from "../config/runner-config.ts";
import { resolveValue } from "../config/load-runner-config.ts";

export interface PostgresPools {
  /** The pool of connection `name`, or a NexusError saying the runner has no such connection. */
  pool(name: string): pg.Pool;
  /** Asks the server to cancel what backend `pid` is running (pg_cancel_backend), over a connection of its own. */
  cancel(name: string, pid: number): Promise<void>;
  close(): Promise<void>;
}

export function createPostgresPools(config: RunnerConfig, configFile: string, runnerName: string): PostgresPools {
  const pools = new Map<string, pg.Pool>();
  const urlOf = (name: string) => {
    const connection = config.connections?.[name];
    if (!connection) throw new NexusError({ code: ErrorCode.NoExecutor, message: `runner ${runnerName} has no connection named "${name}" in its config`, retryable: false });
    return { url: resolveValue(connection.url, configFile), size: connection.poolSize ?? 4 };
  };
  return {
    pool(name) {
      let pool = pools.get(name);
      if (!pool) {
        const { url, size } = urlOf(name);
        pool = new pg.Pool({ connectionString: url, max: size, idleTimeoutMillis: 30_000, allowExitOnIdle: true, application_name: "nexus-runner" });
        // An idle connection the server drops must not take the runner down; the next query reconnects.
        pool.on("error", () => {});
        pools.set(name, pool);
      }
      return pool;
    },
    async cancel(name, pid) {
      const client = new pg.Client({ connectionString: urlOf(name).url, application_name: "nexus-runner-cancel" });
      client.on("error", () => {});
      try {
        await client.connect();
        await client.query("SELECT pg_cancel_backend($1)", [pid]);
      } finally {
        await client.end().catch(() => {});
      }
    },
    async close() {
      await Promise.all([...pools.values()].map((pool) => pool.end().catch(() => {})));
      pools.clear();
    },
  };
}
