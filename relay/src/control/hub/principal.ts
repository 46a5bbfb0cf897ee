import type { TokenClaims, Role } from "../auth/token-claims.ts";
import { forbidden } from "../http/api-error.ts";

/** Headers the Worker sets on requests it hands a hub; set only by the Worker. */
export const claimsHeader = "x-nexus-claims";
export const tokenHeader = "x-nexus-token";

/** Who is calling, after the hub checked their token. */
export interface Principal {
  readonly claims: TokenClaims;
  /** A runner's id, or the token id of a member. */
  readonly actor: string;
}

const rank: Record<Role, number> = { viewer: 1, editor: 2, admin: 3, runner: 0, metrics: 0 };

/** RBAC: viewers read, editors also publish, run and cancel, admins also manage tokens and runners. */
export function requireRole(principal: Principal, needed: "viewer" | "editor" | "admin"): void {
  const { role } = principal.claims;
  if (rank[role] < rank[needed]) {
    throw forbidden(`this needs the ${needed} role; your token has the ${role} role`);
  }
}
