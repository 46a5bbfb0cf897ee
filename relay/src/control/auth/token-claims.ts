import { sign, verify } from "hono/jwt";
import { unauthorized } from "../http/api-error.ts";

export const Role = { Admin: "admin", Editor: "editor", Viewer: "viewer", Runner: "runner", Metrics: "metrics" } as const;
export type Role = (typeof Role)[keyof typeof Role];
export const memberRoles: readonly Role[] = [Role.Admin, Role.Editor, Role.Viewer, Role.Metrics];

/**
 * What a token says. `kind`: a member's token, a runner's single-use enrollment token, or
 * the credential a runner bought with it (`sub` is then the runner's id).
 */
export interface TokenClaims {
  readonly tid: string;
  readonly role: Role;
  readonly kind: "member" | "enroll" | "runner";
  readonly jti: string;
  readonly exp: number;
  readonly sub?: string;
}

export async function signToken(claims: TokenClaims, secret: string): Promise<string> {
  return sign({ ...claims }, secret, "HS256");
}

/** Checks signature and expiry; the hub then checks revocation and single use. */
export async function verifyToken(token: string, secret: string): Promise<TokenClaims> {
  let payload: Record<string, unknown>;
  try {
    payload = (await verify(token, secret, "HS256")) as Record<string, unknown>;
  } catch (error) {
    const name = (error as Error)?.name ?? "";
    if (name === "JwtTokenExpired") {
      const exp = decodeExp(token);
      throw unauthorized(`the token expired${exp ? ` at ${new Date(exp * 1000).toISOString()}` : ""}: ask an admin for a new one`);
    }
    throw unauthorized("the token is not valid for this relay (bad signature or format)");
  }
  const { tid, role, kind, jti, exp, sub } = payload;
  if (typeof tid !== "string" || typeof jti !== "string" || typeof exp !== "number" || !isRole(role) || (kind !== "member" && kind !== "enroll" && kind !== "runner")) {
    throw unauthorized("the token does not name a team, a role and an id");
  }
  return { tid, role, kind, jti, exp, ...(typeof sub === "string" ? { sub } : {}) };
}

export function isRole(value: unknown): value is Role {
  return value === "admin" || value === "editor" || value === "viewer" || value === "runner" || value === "metrics";
}

function decodeExp(token: string): number | undefined {
  try {
    const body = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as { exp?: unknown };
    return typeof body.exp === "number" ? body.exp : undefined;
  } catch {
    return undefined;
  }
}

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

export async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** HMAC-SHA256 of `body` with `secret`, hex: how webhooks are checked and notifications signed. */
export async function hmacSha256Hex(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return hex(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)));
}

/** A random id, base32-ish lower-case, `bytes` of entropy. */
export function randomId(bytes = 12): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => alphabet[b % alphabet.length]).join("");
}
