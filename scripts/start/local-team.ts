/**
 * The local team `npm start` attaches everything to: created on the first start and kept in
 * `.nexus/local.json` (`{ relayUrl, teamId, adminToken }`, which the CLI reads as its defaults),
 * reused on the next start, made again if the relay's state was wiped.
 */
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

export interface LocalTeam {
  readonly relayUrl: string;
  readonly teamId: string;
  readonly adminToken: string;
}

export async function ensureLocalTeam(repoRoot: string, relayUrl: string): Promise<LocalTeam & { created: boolean }> {
  const path = join(repoRoot, ".nexus/local.json");
  const kept = existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as LocalTeam) : undefined;
  if (kept && (await stillValid(relayUrl, kept.adminToken))) {
    const team = { ...kept, relayUrl };
    writeFileSync(path, JSON.stringify(team, null, 2) + "\n", { mode: 0o600 }); // the port may have moved
    return { ...team, created: false };
  }
  const response = await fetch(`${relayUrl}/api/teams`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Local team" }) });
  if (!response.ok) throw new Error(`The control relay refused to create the local team (${response.status}): ${await response.text()}`);
  const { teamId, adminToken } = (await response.json()) as LocalTeam;
  mkdirSync(join(repoRoot, ".nexus"), { recursive: true });
  writeFileSync(path, JSON.stringify({ relayUrl, teamId, adminToken }, null, 2) + "\n", { mode: 0o600 });
  rmSync(join(repoRoot, ".nexus/runner"), { recursive: true, force: true }); // its credential was for the old team
  return { relayUrl, teamId, adminToken, created: true };
}

async function stillValid(relayUrl: string, token: string): Promise<boolean> {
  const response = await fetch(`${relayUrl}/api/runners`, { headers: { authorization: `Bearer ${token}` } });
  return response.ok;
}

/**
 * A member token (role `editor`, 30 days) for the page `npm start` serves: the page is handed
 * this, never the admin token in `.nexus/local.json`. Minted at every start (the hub keeps
 * only its hash), so nothing about it is written to disk.
 * @example const { token } = await mintPageToken(team);
 */
export async function mintPageToken(team: LocalTeam): Promise<{ relayUrl: string; token: string }> {
  const response = await fetch(`${team.relayUrl}/api/tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${team.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ role: "editor", ttlSeconds: 30 * 86400 }),
  });
  if (!response.ok) throw new Error(`The control relay refused a member token for the app (${response.status}): ${await response.text()}`);
  const { token } = (await response.json()) as { token: string };
  return { relayUrl: team.relayUrl, token };
}
