/**
 * A dev server (or any helper process) whose life is tied to `npm start`'s: it runs under
 * `tie-to-parent.mjs` in a process group of its own, so stopping it stops everything it
 * started (workerd, esbuild), and it stops by itself when npm start ends, however that ends,
 * even by SIGKILL of npm start's process group, which a group of its own would survive.
 * The relay's rooms use it; the control relay (`wrangler dev`) and a local runner can too.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const watchdog = fileURLToPath(new URL("./tie-to-parent.mjs", import.meta.url));

export interface TiedProcess {
  /** The watchdog process: its pid is the group's id. */
  readonly process: ChildProcess;
  /** Resolves when it has stopped. */
  readonly exited: Promise<void>;
  /** What it printed, for error messages. */
  output(): string;
  /** Stops its whole process group and waits for it. Idempotent. */
  stop(): Promise<void>;
}

export interface TiedProcessOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Called when it stops by itself (not through `stop`), with what it printed. */
  readonly onUnexpectedExit?: (code: number | null, output: string) => void;
}

/** @example const partykit = startTied(bin, ["dev", "--port", "1999"], { cwd: repoRoot }); */
export function startTied(command: string, args: readonly string[], options: TiedProcessOptions): TiedProcess {
  const child = spawn(process.execPath, [watchdog, command, ...args], {
    cwd: options.cwd,
    detached: true, // a group of its own: stopping it stops its children too
    stdio: ["pipe", "pipe", "pipe"], // stdin stays open while we live: its end stops the group
    env: options.env ?? process.env,
  });
  let log = "";
  let stopping = false;
  child.stdout!.on("data", (chunk: Buffer) => (log += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk));
  child.stdin!.on("error", () => undefined); // it went away first: nothing to tell it
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", (code) => !stopping && options.onUnexpectedExit?.(code, log));
  // Never keep npm start alive just for these pipes.
  for (const stream of [child.stdin!, child.stdout!, child.stderr!]) (stream as unknown as { unref?: () => void }).unref?.();
  child.unref();
  return {
    process: child,
    exited,
    output: () => log,
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Waits until `url` answers any HTTP request; fails in words if the process stops first. */
export async function waitUntilAnswering(url: string, tied: TiedProcess, what: string, timeoutMs = 30_000): Promise<void> {
  let gone = false;
  void tied.exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${what} stopped before it answered on ${url}:\n${tied.output()}`);
    if (await fetch(url).then(() => true, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not answer on ${url} within ${timeoutMs / 1000} s:\n${tied.output()}`);
}
