/**
 * `npm start` as a user runs it, as a whole process tree in a process group of its own
 * (so a test can signal the group, as a terminal or a supervisor does), on free ports.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export interface NpmStart {
  readonly url: string;
  readonly relayUrl: string;
  readonly controlUrl: string;
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
  /** Signals the whole process group of `npm start`. */
  signalGroup(signal: NodeJS.Signals): void;
}

/** Starts `npm start` with PORT, RELAY_PORT and CONTROL_PORT set and waits for the URL it prints. */
export async function npmStart(ports: { app: number; relay: number; control: number }, timeoutMs = 120_000, extraEnv: NodeJS.ProcessEnv = {}): Promise<NpmStart> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(ports.app), RELAY_PORT: String(ports.relay), CONTROL_PORT: String(ports.control), NO_COLOR: "1", ...extraEnv };
  delete env.NODE_ENV; // vitest's "test", which a user's shell does not have
  delete env.VITE_RELAY_URL;
  const child = spawn("npm", ["start"], { cwd: repoRoot, detached: true, stdio: ["ignore", "pipe", "pipe"], env });
  let log = "";
  child.stdout!.setEncoding("utf8"); // a character split across two reads stays whole
  child.stderr!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => (log += chunk));
  child.stderr!.on("data", (chunk: string) => (log += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const started: NpmStart = {
    url: "",
    relayUrl: "",
    controlUrl: "",
    process: child,
    exited,
    output: () => log,
    signalGroup: (signal) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // the group is gone
      }
    },
  };
  const deadline = Date.now() + timeoutMs;
  let done = false;
  void exited.then(() => (done = true));
  while (Date.now() < deadline && !done) {
    const app = /Nexus Flow is running:\s+(\S+)/.exec(log);
    const relay = /relay \(PartyKit dev server\) is at (\S+?)\.?\n/.exec(log);
    const control = /control relay \(wrangler dev\) is at (\S+?),/.exec(log);
    if (app && relay && control) return { ...started, url: app[1]!.replace(/\/$/, ""), relayUrl: relay[1]!, controlUrl: control[1]! };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  started.signalGroup("SIGKILL");
  throw new Error(`npm start did not print its URL within ${timeoutMs / 1000} s:\n${log}`);
}

/** Three free loopback ports far apart (npm start takes the next free port from each). */
export async function freePorts(): Promise<{ app: number; relay: number; control: number }> {
  const one = async () =>
    new Promise<number>((resolve, reject) => {
      const server = createServer().once("error", reject);
      server.listen(0, "0.0.0.0", () => {
        const port = (server.address() as { port: number }).port;
        server.close(() => resolve(port));
      });
    });
  return { app: await one(), relay: await one(), control: await one() };
}

/** Pids of live processes whose command line contains `needle` (Linux /proc). */
export function processesWith(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
      const state = /^State:\s+(\w)/m.exec(readFileSync(`/proc/${entry}/status`, "utf8"))?.[1];
      if (cmdline.includes(needle) && state !== "Z") pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
