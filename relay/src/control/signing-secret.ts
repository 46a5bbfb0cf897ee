import type { ControlEnv } from "./env.ts";
import { ApiError } from "./http/api-error.ts";

export function signingSecret(env: ControlEnv): string {
  if (!env.NEXUS_SIGNING_SECRET || env.NEXUS_SIGNING_SECRET.length < 32) {
    throw new ApiError(500, "NOT_CONFIGURED", "the relay has no signing secret: set NEXUS_SIGNING_SECRET (32+ characters) with `wrangler secret put`");
  }
  return env.NEXUS_SIGNING_SECRET;
}
