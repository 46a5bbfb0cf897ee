/**
 * The real control relay under `wrangler dev` (workerd), for the control suites and benchmarks:
 * a free port, its Durable Object state in a temporary directory, and a signing secret that
 * tests can use to forge tokens (expired, other teams).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { eventually, freePort, startDevProcess, type DevProcess } from "../../support/dev-process.ts";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const wranglerBin = join(repoRoot, "relay/node_modules/.bin/wrangler");
export const testSigningSecret = "test-signing-secret-0123456789abcdef";

export interface WranglerDev {
  readonly url: string;
  readonly port: number;
  readonly stateDir: string;
  /** Stops (SIGTERM) or kills (SIGKILL) and starts again on the same port and state. */
  restart(how?: "stop" | "kill"): Promise<void>;
  dispose(): Promise<void>;
  output(): string;
}

/**
 * `vars`: extra Worker variables. `stateRoot`: where the Durable Objects' SQLite files go;
 * the benchmarks pass `/dev/shm` (memory), as the Redis they compare against runs without
 * persistence. `inspectorPort`: where DevTools (or the profiling bench) attach to the worker.
 */
export async function startWranglerDev(vars: Record<string, string> = {}, options: { stateRoot?: string; inspectorPort?: number; root?: string } = {}): Promise<WranglerDev> {
  // `root`: another checkout's relay (a probe comparing two versions of the hub); this one by default.
  const root = options.root ?? repoRoot;
  const port = await freePort();
  // Wrangler's DevTools port defaults to 9229, and a second `wrangler dev` on the machine (another suite, a bench) made this one fail to start.
  const inspectorPort = options.inspectorPort ?? (await freePort());
  const stateDir = mkdtempSync(join(options.stateRoot ?? tmpdir(), "nexus-wrangler-"));
  // Miniflare makes a directory of its own in the OS temp dir and removes it only on a clean exit:
  // a hub killed with SIGKILL (the durability tests) left one behind per kill. It gets one here.
  const tempDir = mkdtempSync(join(tmpdir(), "nexus-wrangler-tmp-"));
  const url = `http://127.0.0.1:${port}`;
  let process_: DevProcess | undefined;
  let log = "";
  const start = async () => {
    process_ = startDevProcess(
      join(root, "relay/node_modules/.bin/wrangler"),
      ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", stateDir, "--var", `NEXUS_SIGNING_SECRET:${testSigningSecret}`, "--inspector-port", String(inspectorPort), "--var", "NEXUS_TEAM_CREATION:open", ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]), "--log-level", "warn"],
      { cwd: root, env: { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "1", TMPDIR: tempDir } },
    );
    const current = process_;
    await eventually(async () => ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) })).ok ? true : undefined), 60_000, `wrangler dev on ${url}`).catch((error: Error) => {
      throw new Error(`${error.message}\n${current.output()}`);
    });
  };
  await start();
  return {
    url,
    port,
    stateDir,
    async restart(how = "stop") {
      log += process_?.output() ?? "";
      await (how === "kill" ? process_?.kill() : process_?.stop());
      await start();
    },
    async dispose() {
      await process_?.stop();
      rmSync(stateDir, { recursive: true, force: true });
      rmSync(tempDir, { recursive: true, force: true });
    },
    output: () => log + (process_?.output() ?? ""),
  };
}
