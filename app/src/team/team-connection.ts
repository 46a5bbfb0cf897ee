/**
 * The browser's connection to a team's control relay: where the relay is and the member
 * token this browser uses. Kept in IndexedDB (the `settings` table, key `team`) when it came
 * from an invite link; `npm start` hands the page its local team at `/nexus-local-team.json`
 * instead (absent on a static deployment). Plain functions, no Dexie and no zod, so the
 * page and the engine worker share them.
 */

export type TeamRole = "admin" | "editor" | "viewer";

export interface TeamConnection {
  /** `http(s)://host[:port]`, no trailing slash. */
  readonly relayUrl: string;
  readonly token: string;
  /** Where it came from: an invite link (kept) or `npm start`'s local team (served). */
  readonly source: "invite" | "local";
}

export const teamSettingKey = "team";
export const localTeamPath = "/nexus-local-team.json";

const roles: readonly string[] = ["admin", "editor", "viewer"];

/** A relay URL and token read from untrusted data (IndexedDB, a link, a response), or `undefined`. */
export function parseTeamConnection(raw: unknown, source: TeamConnection["source"]): TeamConnection | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const { relayUrl, token } = raw as { relayUrl?: unknown; token?: unknown };
  if (typeof relayUrl !== "string" || typeof token !== "string" || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return undefined;
  let url: URL;
  try {
    url = new URL(relayUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  return { relayUrl: url.origin, token, source };
}

/**
 * An invite link's team: `…#team=<relayUrl>&token=<member token>`, or why it is not one.
 * @example parseInvite("https://app/#team=https://relay.example.com&token=a.b.c")
 */
export function parseInvite(link: string): { ok: true; connection: TeamConnection } | { ok: false; reason: string } {
  const hash = link.includes("#") ? link.slice(link.indexOf("#") + 1) : link;
  const params = new URLSearchParams(hash);
  const relayUrl = params.get("team");
  const token = params.get("token");
  if (!relayUrl || !token) return { ok: false, reason: "An invite link looks like …#team=<relay URL>&token=<token>; this one lacks the relay or the token." };
  const connection = parseTeamConnection({ relayUrl, token }, "invite");
  if (!connection) return { ok: false, reason: `The invite link's relay "${relayUrl}" or its token is not valid.` };
  const role = tokenRole(connection.token);
  if (!role) return { ok: false, reason: "The invite link's token is not a member token (admin, editor or viewer); runner tokens are for `nexus runner`." };
  return { ok: true, connection };
}

/** The role a member token claims (the hub checks it on every call; this only shapes the UI). */
export function tokenRole(token: string): TeamRole | undefined {
  const claims = tokenClaims(token);
  return typeof claims?.role === "string" && roles.includes(claims.role) ? (claims.role as TeamRole) : undefined;
}

/** The token's team id and expiry, for display. */
export function tokenClaims(token: string): { role?: unknown; tid?: unknown; exp?: unknown } | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(payload.length / 4) * 4, "="));
    const claims = JSON.parse(json) as unknown;
    return typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The team this browser is connected to: the one kept from an invite link, else the local
 * team `npm start` serves, else none (a static deployment, or offline).
 */
export async function resolveTeam(readKept: () => Promise<unknown>, fetchLocal: (path: string) => Promise<Response>): Promise<TeamConnection | undefined> {
  const kept = parseTeamConnection(await readKept().catch(() => undefined), "invite");
  if (kept) return kept;
  try {
    const response = await fetchLocal(localTeamPath);
    if (!response.ok || !response.headers.get("content-type")?.includes("json")) return undefined;
    return parseTeamConnection(await response.json(), "local");
  } catch {
    return undefined; // offline, or no such file here
  }
}

/** The submitter socket's URL: `ws(s)://…/api/jobs/connect?token=…`. */
export function jobsSocketUrl(team: TeamConnection): string {
  const url = new URL("/api/jobs/connect", team.relayUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("token", team.token);
  return url.toString();
}

/** A headless run's events socket: the log so far, then live (`GET /api/runs/:id/events`). */
export function runEventsUrl(team: TeamConnection, runId: string): string {
  const url = new URL(`/api/runs/${encodeURIComponent(runId)}/events`, team.relayUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("token", team.token);
  return url.toString();
}
