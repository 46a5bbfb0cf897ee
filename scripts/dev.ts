/**
 * `npm run dev`: the app on Vite's hot-reloading dev server (no service worker), with the
 * collaboration relay, for working on the app. `npm start` serves what users get.
 * Ports: the app from PORT (5173), the relay from RELAY_PORT (1999), the next free if taken.
 */
import { fileURLToPath } from "node:url";
import { createServer } from "vite";
import { freePortFrom, portFromEnv } from "./start/ports.ts";
import { startRelayRooms } from "./start/relay-rooms.ts";
import { onStop, printReady } from "./start/console.ts";

const repoRoot = fileURLToPath(new URL("../", import.meta.url));
const appRoot = `${repoRoot}app/`;
const startedAt = Date.now();

const relayPort = await freePortFrom(portFromEnv("RELAY_PORT", 1999), "the collaboration relay");
const relay = await startRelayRooms({
  repoRoot,
  port: relayPort,
  onUnexpectedExit: (code, output) => {
    console.error(`The PartyKit dev server stopped (exit ${code}):\n${output}`);
    process.exit(1);
  },
});

process.env.VITE_RELAY_URL = relay.url;
const server = await createServer({ root: appRoot, configFile: `${appRoot}vite.config.ts`, server: { host: "127.0.0.1", port: portFromEnv("PORT", 5173), strictPort: false } });
await server.listen();
const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.config.server.port}/`;

printReady({ appUrl: url, relayUrl: relay.url, readyMs: Date.now() - startedAt, dev: true });
onStop(async () => {
  await relay.stop();
  await server.close();
});
