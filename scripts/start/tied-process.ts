/**
 * A dev server or agent that `npm start` runs in a process group of its own, under
 * `tie-to-parent.mjs`, so that its whole tree (workerd, esbuild…) stops when this process
 * ends, however it ends: even SIGKILL of npm start's process group, which would not reach a
 * group of its own.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

export interface TiedProcess {
  /** The tied process (its pid is the group id). */
  readonly process: ChildProcess;
  /** What it printed, for error messages. */
  output(): string;
  /** Stops its whole process group and waits for it. Idempotent. */
  stop(): Promise<void>;
  readonly exited: Promise<void>;
}

export interface TiedProcessOptions {
  readonly repoRoot: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Called when it stops by itself (not through `stop`). */
  readonly onUnexpectedExit?: (code: number | null, output: string) => void;
  /** Each line it prints, as it comes. */
  readonly onLine?: (line: string) => void;
}

export function startTiedProcess(options: TiedProcessOptions): TiedProcess {
  const child = spawn(process.execPath, [join(options.repoRoot, "scripts/start/tie-to-parent.mjs"), options.command, ...options.args], {
    cwd: options.cwd ?? options.repoRoot,
    detached: true,
    stdio: ["pipe", "pipe", "pipe"], // stdin stays open while we live: its end stops the group
    env: { ...process.env, NO_COLOR: "1", ...options.env },
  });
  let log = "";
  let partial = "";
  let stopping = false;
  const onData = (chunk: Buffer) => {
    log += chunk;
    if (!options.onLine) return;
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) options.onLine(line);
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  child.stdin!.on("error", () => undefined); // it went away first: nothing to tell it
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", (code) => !stopping && options.onUnexpectedExit?.(code, log));
  // Never keep this process alive just for its pipes.
  for (const stream of [child.stdin!, child.stdout!, child.stderr!]) (stream as unknown as { unref?: () => void }).unref?.();
  child.unref();
  return {
    process: child,
    output: () => log,
    exited,
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Polls `url` until it answers, the process exits, or time runs out. */
export async function waitUntilAnswering(url: string, tied: TiedProcess, what: string, timeoutMs: number): Promise<void> {
  let gone = false;
  void tied.exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${what} stopped before it answered on ${url}:\n${tied.output()}`);
    if (await fetch(url).then(() => true, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await tied.stop();
  throw new Error(`${what} did not answer on ${url} within ${timeoutMs / 1000} s:\n${tied.output()}`);
}
