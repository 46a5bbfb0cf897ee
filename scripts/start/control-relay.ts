/**
 * The control relay (the Worker and its team hubs) under `wrangler dev` (workerd), for
 * `npm start`: state in `.wrangler/state/`, a signing secret made on the first start and kept
 * in `.nexus/relay-secret` (git-ignored), team creation open (this machine only: it listens on
 * 127.0.0.1).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startTiedProcess, waitUntilAnswering, type TiedProcess } from "./tied-process.ts";

export interface ControlRelay extends TiedProcess {
  readonly url: string;
  readonly port: number;
}

export async function startControlRelay(options: { repoRoot: string; port: number; onUnexpectedExit?: (code: number | null, output: string) => void }): Promise<ControlRelay> {
  const { repoRoot, port } = options;
  const tied = startTiedProcess({
    repoRoot,
    command: join(repoRoot, "relay/node_modules/.bin/wrangler"),
    args: ["dev", "--ip", "127.0.0.1", "--port", String(port), "--var", `NEXUS_SIGNING_SECRET:${localSecret(repoRoot)}`, "--var", "NEXUS_TEAM_CREATION:open", "--log-level", "warn"],
    env: { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "1" },
    ...(options.onUnexpectedExit ? { onUnexpectedExit: options.onUnexpectedExit } : {}),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(`${url}/healthz`, tied, "The control relay (wrangler dev)", 60_000);
  return { ...tied, url, port };
}

function localSecret(repoRoot: string): string {
  const path = join(repoRoot, ".nexus/relay-secret");
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  mkdirSync(join(repoRoot, ".nexus"), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(path, secret + "\n", { mode: 0o600 });
  return secret;
}
