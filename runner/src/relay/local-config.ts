/**
 * `.nexus/local.json`: the local team `npm start` creates (`{ relayUrl, teamId, adminToken }`),
 * which every relay command uses unless `--relay` and `--token` say otherwise.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface LocalTeam {
  readonly relayUrl: string;
  readonly teamId: string;
  readonly adminToken: string;
}

export function localConfigPath(cwd: string): string {
  // Found from the working directory up, like git finds .git.
  for (let dir = cwd; ; dir = dirname(dir)) {
    const candidate = join(dir, ".nexus", "local.json");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return join(cwd, ".nexus", "local.json");
  }
}

export function readLocalTeam(cwd: string): LocalTeam | undefined {
  const path = localConfigPath(cwd);
  if (!existsSync(path)) return undefined;
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as Partial<LocalTeam>;
    return typeof data.relayUrl === "string" && typeof data.adminToken === "string" && typeof data.teamId === "string" ? (data as LocalTeam) : undefined;
  } catch {
    return undefined;
  }
}

export function writeLocalTeam(path: string, team: LocalTeam): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(team, null, 2) + "\n", { mode: 0o600 });
}
