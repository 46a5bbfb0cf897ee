/**
 * A dev server or agent started as a real process in a process group of its own (so stop and
 * kill take its children, such as workerd, down with it), with its output kept for failure
 * messages.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export interface DevProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves when the output matches, rejects if the process exits first or time runs out. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL of the whole group, as a crash would. */
  kill(): Promise<void>;
  readonly exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) signalGroup(child, "SIGKILL");
});

export function startDevProcess(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): DevProcess {
  const child = spawn(command, args, { cwd: options.cwd, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", ...options.env } });
  running.add(child);
  let log = "";
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    log += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => (running.delete(child), resolve(code))));
  const halt = async (signal: NodeJS.Signals, graceMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return signalGroup(child, "SIGKILL");
    signalGroup(child, signal);
    const timer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
    signalGroup(child, "SIGKILL"); // the leader's exit does not mean its children are gone
  };
  return {
    child,
    output: () => log,
    exited,
    stop: (graceMs = 5_000) => halt("SIGTERM", graceMs),
    kill: () => halt("SIGKILL", 0),
    waitForOutput(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(log)) return done(resolve);
        };
        const timer = setTimeout(() => done(() => reject(new Error(`no output matching ${pattern} within ${timeoutMs} ms:\n${log}`))), timeoutMs);
        const onExit = () => done(() => (pattern.test(log) ? resolve() : reject(new Error(`the process exited before printing ${pattern}:\n${log}`))));
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off("exit", onExit);
          settle();
        };
        listeners.add(check);
        child.once("exit", onExit);
        check();
      });
    },
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns a value (not undefined) or time runs out. */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not hold within ${timeoutMs} ms${last ? `: ${String(last)}` : ""}`);
}
