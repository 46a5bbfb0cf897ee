/** The servers the collaboration benchmarks compare: the relay (`partykit dev`), y-websocket, and bare broadcast servers. */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export { startPartykitDev } from "../relay/support/partykit-dev.ts";

export interface ScriptServer {
  /** `127.0.0.1:<port>` */
  readonly host: string;
  stop(): Promise<void>;
}

export const startYWebsocketServer = () => startServerScript(new URL("./collab-y-websocket-server.ts", import.meta.url));

/** Runs a server script in a Node process of its own; the script prints `{"port":N}` once listening. */
export async function startServerScript(url: URL): Promise<ScriptServer> {
  const script = fileURLToPath(url);
  const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
    createInterface({ input: child.stdout! }).once("line", (line) => resolve((JSON.parse(line) as { port: number }).port));
  });
  return {
    host: `127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
