/**
 * Runs the real `partykit dev` (workerd under miniflare) for the relay suites and benchmarks:
 * on a free port, with its state in a temporary `--persist` directory, in a process group of
 * its own so that stop/kill take workerd and esbuild down with it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../support/dev-process.ts";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const partykitBin = join(repoRoot, "node_modules/.bin/partykit");

export interface PartykitDev {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `127.0.0.1:<port>`, the host YPartyKitProvider takes. */
  readonly host: string;
  readonly port: number;
  readonly persistDir: string;
  /** SIGTERM, then SIGKILL if it lingers. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL the whole process group, as a crash would. Idempotent. */
  kill(): Promise<void>;
  /** Starts again on the same port with the same state directory (stops it first if running). */
  restart(): Promise<void>;
  /** Stops and deletes the state directory. */
  dispose(): Promise<void>;
  /** What the process printed, for failure messages. */
  output(): string;
  /** The process group id while running (the `partykit` process's pid), else undefined. */
  processGroup(): number | undefined;
}

export interface PartykitDevOptions {
  /** Milliseconds to wait for the first answer. */
  readonly readyTimeoutMs?: number;
  /** Another project's partykit.json (relative to the repository root); default: the relay's. */
  readonly config?: string;
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

/**
 * @example
 * const relay = await startPartykitDev();
 * try { … relay.url … } finally { await relay.dispose(); }
 */
export async function startPartykitDev({ readyTimeoutMs = 30_000, config }: PartykitDevOptions = {}): Promise<PartykitDev> {
  const port = await freePort();
  const persistDir = mkdtempSync(join(tmpdir(), "nexus-partykit-"));
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let log = "";

  async function start(): Promise<void> {
    log = "";
    const project = config ? ["--config", config] : [];
    child = spawn(partykitBin, ["dev", ...project, "--port", String(port), "--persist", persistDir, "--disable-request-cf-fetch", "--no-hotkeys"], {
      cwd: repoRoot,
      detached: true, // its own process group: workerd and esbuild are its children
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1", CI: "1" },
    });
    running.add(child);
    child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
    await waitUntilAnswering(url, child, readyTimeoutMs, () => log);
  }

  async function halt(signal: NodeJS.Signals): Promise<void> {
    const current = child;
    child = undefined;
    if (!current) return;
    const exited = exitOf(current);
    killGroup(current, signal);
    if (signal !== "SIGKILL") {
      const timer = setTimeout(() => killGroup(current, "SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    } else {
      await exited;
    }
    // The group leader's exit does not mean workerd is gone: wait for the port to close.
    killGroup(current, "SIGKILL");
    running.delete(current);
    await waitUntilRefused(port);
  }

  await start();
  return {
    url,
    host: `127.0.0.1:${port}`,
    port,
    persistDir,
    stop: () => halt("SIGTERM"),
    kill: () => halt("SIGKILL"),
    async restart() {
      await halt("SIGTERM");
      await start();
    },
    async dispose() {
      await halt("SIGTERM");
      rmSync(persistDir, { recursive: true, force: true });
    },
    output: () => log,
    processGroup: () => child?.pid,
  };
}

async function waitUntilAnswering(url: string, child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const exit: { code: number | null } = { code: null };
  child.once("exit", (code) => (exit.code = code ?? -1));
  while (Date.now() < deadline) {
    if (exit.code !== null) throw new Error(`partykit dev exited with ${exit.code} before answering:\n${log()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  killGroup(child, "SIGKILL");
  throw new Error(`partykit dev did not answer on ${url} within ${timeoutMs} ms:\n${log()}`);
}

async function waitUntilRefused(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(500) });
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`port ${port} still answers after partykit dev was stopped`);
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}
