/** The two servers the collaboration benchmarks compare: the relay (`partykit dev`) and y-websocket. */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export { startPartykitDev } from "../relay/support/partykit-dev.ts";

export interface YWebsocketServer {
  /** `127.0.0.1:<port>` */
  readonly host: string;
  stop(): Promise<void>;
}

export async function startYWebsocketServer(): Promise<YWebsocketServer> {
  const script = fileURLToPath(new URL("./collab-y-websocket-server.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`y-websocket server exited with ${code}`)));
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
