/**
 * Tokens in the hub: minted here (signed with the deployment's secret), stored as SHA-256
 * hashes, checked on every request for revocation and single use (enrollment tokens).
 */
import { randomId, sha256Hex, signToken, type Role, type TokenClaims } from "../auth/token-claims.ts";
import { unauthorized } from "../http/api-error.ts";
import type { Principal } from "./principal.ts";

const hour = 3600;
export const defaultTtlSeconds = { member: 90 * 24 * hour, enroll: hour, runner: 365 * 24 * hour } as const;

export interface MintRequest {
  readonly teamId: string;
  readonly role: Role;
  readonly kind: TokenClaims["kind"];
  readonly ttlSeconds?: number;
  readonly labels?: readonly string[];
  readonly runnerId?: string;
  readonly createdBy: string;
}

export async function mintToken(sql: SqlStorage, secret: string, request: MintRequest, now: number): Promise<{ token: string; tokenId: string; expiresAt: string }> {
  const jti = randomId(12);
  const exp = Math.floor(now / 1000) + (request.ttlSeconds ?? defaultTtlSeconds[request.kind]);
  const claims: TokenClaims = { tid: request.teamId, role: request.role, kind: request.kind, jti, exp, ...(request.runnerId ? { sub: request.runnerId } : {}) };
  const token = await signToken(claims, secret);
  sql.exec(
    "INSERT INTO tokens (id, kind, role, hash, labels, expires_at, created_at, created_by, runner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    jti, request.kind, request.role, await sha256Hex(token), JSON.stringify(request.labels ?? []), exp * 1000, now, request.createdBy, request.runnerId ?? null,
  );
  return { token, tokenId: jti, expiresAt: new Date(exp * 1000).toISOString() };
}

interface TokenRow {
  id: string;
  kind: string;
  hash: string;
  revoked_at: number | null;
  used_at: number | null;
  used_by: string | null;
  labels: string;
  runner_id: string | null;
  [key: string]: SqlStorageValue;
}

/** The hub's half of authentication: the token must be one this team minted and did not revoke. */
export async function authorize(sql: SqlStorage, claims: TokenClaims, token: string): Promise<Principal & { labels: string[] }> {
  const row = sql.exec<TokenRow>("SELECT * FROM tokens WHERE id = ?", claims.jti).toArray()[0];
  if (!row || row.hash !== (await sha256Hex(token))) throw unauthorized("this token is not known to its team (was the team's relay state reset?)");
  if (row.revoked_at !== null) throw unauthorized(`this token was revoked at ${new Date(row.revoked_at).toISOString()}`);
  if (row.kind === "enroll" && row.used_at !== null) throw unauthorized(`this enrollment token was already used by runner "${row.used_by}"; mint a new one with \`nexus token create --role runner\``);
  return { claims, actor: claims.kind === "runner" ? `runner:${claims.sub}` : `token:${claims.jti}`, labels: JSON.parse(row.labels) as string[] };
}

export function revokeToken(sql: SqlStorage, tokenId: string, now: number): boolean {
  return sql.exec("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", now, tokenId).rowsWritten > 0;
}

export function markEnrollmentUsed(sql: SqlStorage, tokenId: string, runnerName: string, now: number): boolean {
  return sql.exec("UPDATE tokens SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL", now, runnerName, tokenId).rowsWritten > 0;
}

export function revokeRunnerTokens(sql: SqlStorage, runnerId: string, now: number): void {
  sql.exec("UPDATE tokens SET revoked_at = ? WHERE runner_id = ? AND revoked_at IS NULL", now, runnerId);
}
