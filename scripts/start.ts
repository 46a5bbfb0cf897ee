/**
 * `npm start`: the whole system on this machine, as users get it, then prints the URL to
 * open. Today: the collaboration relay (`partykit dev`, rooms kept in `.partykit/`) and the
 * app's production build with its service worker (rebuilt only when its sources changed),
 * served on loopback. The Worker dev server and a local runner join as further steps here.
 * `npm run dev` (scripts/dev.ts) is the hot-reloading variant for working on the app.
 *
 * Ports: the app from PORT (5173), the relay from RELAY_PORT (1999), each the next free one
 * if taken.
 */
import { fileURLToPath } from "node:url";
import { ensureAppBuild } from "./start/app-build.ts";
import { serveAppBuild } from "./start/app-server.ts";
import { freePortFrom, portFromEnv } from "./start/ports.ts";
import { startRelayRooms } from "./start/relay-rooms.ts";
import { onStop, printReady } from "./start/console.ts";

const repoRoot = fileURLToPath(new URL("../", import.meta.url));
const startedAt = Date.now();

// 1. Ports, so that the relay's URL is known to the build.
const relayPort = await freePortFrom(portFromEnv("RELAY_PORT", 1999), "the collaboration relay");
const relayUrl = `http://127.0.0.1:${relayPort}`;

// 2. The relay and the app's build, side by side (the build is skipped when nothing changed).
const [relay, build] = await Promise.all([
  startRelayRooms({ repoRoot, port: relayPort, onUnexpectedExit: (code, output) => fail(`The PartyKit dev server stopped (exit ${code}):\n${output}`) }),
  ensureAppBuild({ repoRoot, relayUrl, onBuildStart: (reason) => console.log(`Building the app (${reason})…`) }),
]);

// 3. Serve the build.
const app = await serveAppBuild({ dir: build.dir, port: portFromEnv("PORT", 5173) });

printReady({ appUrl: app.url, relayUrl: relay.url, readyMs: Date.now() - startedAt, built: build.built });
onStop(async () => {
  await relay.stop();
  await app.close();
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
