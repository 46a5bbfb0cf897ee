/** What the control Worker and its Durable Objects are given (wrangler.toml, secrets). */
export interface ControlEnv {
  readonly TEAM_HUB: DurableObjectNamespace;
  /** Signs and checks tokens (HS256). A secret: `wrangler secret put NEXUS_SIGNING_SECRET`. */
  readonly NEXUS_SIGNING_SECRET?: string;
  /**
   * Who may create teams: `open` (local dev), or a secret that `POST /api/teams` must send
   * as `X-Nexus-Setup`. Unset: team creation is refused.
   */
  readonly NEXUS_TEAM_CREATION?: string;
  /** Requests a second per token before 429 (default 100, bursts of 4×). */
  readonly NEXUS_REQUESTS_PER_SECOND?: string;
}
