/** Small helpers over the control relay's routes for the suites: teams, tokens, calls. */
import { sign } from "hono/jwt";
import { testSigningSecret } from "./wrangler-dev.ts";

export interface ApiAnswer<T = any> {
  readonly status: number;
  readonly body: T;
}

export async function call<T = any>(relayUrl: string, token: string | undefined, method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
  const response = await fetch(`${relayUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  } catch {
    throw new Error(`${method} ${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 500)}`);
  }
}

export interface TestTeam {
  readonly teamId: string;
  readonly adminToken: string;
  token(role: "admin" | "editor" | "viewer" | "runner", extra?: { labels?: string[]; ttlSeconds?: number }): Promise<string>;
}

export async function createTeam(relayUrl: string, name = "test team"): Promise<TestTeam> {
  const created = await call<{ teamId: string; adminToken: string }>(relayUrl, undefined, "POST", "/api/teams", { name });
  if (created.status !== 201) throw new Error(`team creation answered ${created.status}: ${JSON.stringify(created.body)}`);
  const { teamId, adminToken } = created.body;
  return {
    teamId,
    adminToken,
    async token(role, extra = {}) {
      const minted = await call<{ token: string }>(relayUrl, adminToken, "POST", "/api/tokens", { role, ...extra });
      if (minted.status !== 201) throw new Error(`minting a ${role} token answered ${minted.status}: ${JSON.stringify(minted.body)}`);
      return minted.body.token;
    },
  };
}

/** A token signed with the test relay's secret, with any claims: expired ones, other teams. */
export function forgeToken(claims: Record<string, unknown>): Promise<string> {
  return sign(claims, testSigningSecret, "HS256");
}
