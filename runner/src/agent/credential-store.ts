/**
 * A runner's own credential, bought once with a single-use enrollment token and kept in its
 * state directory (mode 600), so restarts never need a new enrollment token.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface RunnerCredential {
  readonly relayUrl: string;
  readonly runnerId: string;
  readonly name: string;
  readonly token: string;
}

export function readCredential(stateDir: string): RunnerCredential | undefined {
  const path = join(stateDir, "credential.json");
  if (!existsSync(path)) return undefined;
  const data = JSON.parse(readFileSync(path, "utf8")) as RunnerCredential;
  return data.token && data.runnerId ? data : undefined;
}

export function writeCredential(stateDir: string, credential: RunnerCredential): void {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const path = join(stateDir, "credential.json");
  writeFileSync(`${path}.tmp`, JSON.stringify(credential, null, 2) + "\n", { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}
