/**
 * `npm start`: the whole system on this machine, then prints the URL to open. Today: the
 * PartyKit dev server (collaboration rooms, state in `.partykit/`) and the app (Vite dev
 * server; flows run in the browser's worker), which finds the relay through VITE_RELAY_URL.
 * The Worker dev server and a local runner join here as their issues land.
 */
import { spawn } from "node:child_process";
import { createServer as createNetServer } from "node:net";
import { fileURLToPath } from "node:url";
import { createServer } from "vite";

const repoRoot = fileURLToPath(new URL("../", import.meta.url));
const appRoot = `${repoRoot}app/`;

const relayPort = await freePortFrom(Number(process.env.RELAY_PORT ?? 1999));
const relay = spawn(`${repoRoot}node_modules/.bin/partykit`, ["dev", "--port", String(relayPort), "--disable-request-cf-fetch", "--no-hotkeys"], {
  cwd: repoRoot,
  detached: true, // a process group of its own: stopping it stops workerd too
  stdio: ["ignore", "pipe", "pipe"],
  env: { ...process.env, NO_COLOR: "1" },
});
const stopRelay = () => {
  try {
    process.kill(-relay.pid!, "SIGTERM");
  } catch {
    // already gone
  }
};
process.on("exit", stopRelay);
let relayLog = "";
relay.stdout.on("data", (chunk: Buffer) => (relayLog += chunk));
relay.stderr.on("data", (chunk: Buffer) => (relayLog += chunk));
relay.once("exit", (code) => {
  if (!stopping) {
    console.error(`The PartyKit dev server stopped (exit ${code}):\n${relayLog}`);
    process.exit(1);
  }
});
const relayUrl = `http://127.0.0.1:${relayPort}`;
await waitForRelay(relayUrl);

process.env.VITE_RELAY_URL = relayUrl;
const server = await createServer({ root: appRoot, configFile: `${appRoot}vite.config.ts`, server: { host: "127.0.0.1", port: Number(process.env.PORT ?? 5173), strictPort: false } });
await server.listen();
const url = server.resolvedUrls?.local[0] ?? "http://127.0.0.1:5173/";

console.log(`
  Nexus Flow is running:  ${url}

  Open it in a browser; flows and runs stay in that browser (IndexedDB).
  Share a flow (Share button) and open the link in another browser to edit it together:
  the collaboration relay (PartyKit dev server) is at ${relayUrl}.
  The CLI runs the same flows here:  npx nexus run runner/examples/hello.json --input '{"n":21}'
  Stop with Ctrl-C.
`);

let stopping = false;
const stop = async () => {
  stopping = true;
  stopRelay();
  await server.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

async function freePortFrom(first: number): Promise<number> {
  for (let port = first; port < first + 100; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createNetServer().once("error", () => resolve(false));
      probe.listen(port, "0.0.0.0", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port for the relay from ${first}`);
}

async function waitForRelay(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await fetch(url).then(() => true, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  stopRelay();
  throw new Error(`The PartyKit dev server did not answer on ${url} within 30 s:\n${relayLog}`);
}
