/**
 * The collaboration relay's rooms (`partykit dev`, PartyKit's dev server on workerd), for
 * `npm start` and `npm run dev`. It runs in a process group of its own, under
 * `tie-to-parent.mjs`, so that its whole tree (partykit, workerd, esbuild) stops when this
 * process ends, however it ends: even SIGKILL of npm start's process group, which would not
 * reach a group of its own.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

export interface RelayRooms {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The tied process (its pid is the relay's process group id). */
  readonly process: ChildProcess;
  /** What the relay printed, for error messages. */
  output(): string;
  /** Stops the relay's whole process group and waits for it. Idempotent. */
  stop(): Promise<void>;
}

export interface RelayRoomsOptions {
  readonly repoRoot: string;
  readonly port: number;
  /** Called when the relay stops by itself (not through `stop`). */
  readonly onUnexpectedExit?: (code: number | null, output: string) => void;
  readonly readyTimeoutMs?: number;
}

/** @example const relay = await startRelayRooms({ repoRoot, port: await freePortFrom(1999) }); */
export async function startRelayRooms(options: RelayRoomsOptions): Promise<RelayRooms> {
  const { repoRoot, port } = options;
  const partykit = join(repoRoot, "node_modules/.bin/partykit");
  const args = ["dev", "--port", String(port), "--disable-request-cf-fetch", "--no-hotkeys"];
  const child = spawn(process.execPath, [join(repoRoot, "scripts/start/tie-to-parent.mjs"), partykit, ...args], {
    cwd: repoRoot,
    detached: true, // a group of its own: stopping it stops workerd too
    stdio: ["pipe", "pipe", "pipe"], // stdin stays open while we live: its end stops the relay
    env: { ...process.env, NO_COLOR: "1" },
  });
  let log = "";
  let stopping = false;
  child.stdout!.on("data", (chunk: Buffer) => (log += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk));
  child.stdin!.on("error", () => undefined); // the relay went away first: nothing to tell it
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", (code) => !stopping && options.onUnexpectedExit?.(code, log));
  // Never keep this process alive just for the relay's pipes.
  for (const stream of [child.stdin!, child.stdout!, child.stderr!]) (stream as unknown as { unref?: () => void }).unref?.();
  child.unref();

  const url = `http://127.0.0.1:${port}`;
  const relay: RelayRooms = {
    url,
    port,
    process: child,
    output: () => log,
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
  try {
    await waitUntilAnswering(url, exited, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await relay.stop();
    throw new Error(`${(error as Error).message}\n${log}`);
  }
  return relay;
}

async function waitUntilAnswering(url: string, exited: Promise<void>, timeoutMs: number): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`The PartyKit dev server stopped before it answered on ${url}:`);
    if (await fetch(url).then(() => true, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The PartyKit dev server did not answer on ${url} within ${timeoutMs / 1000} s:`);
}
