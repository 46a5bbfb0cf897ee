/**
 * `npm start`: the whole system on this machine, as users get it, then prints the URL to
 * open: the collaboration relay (`partykit dev`, rooms kept in `.partykit/`), the control
 * relay (`wrangler dev`, team hubs kept in `.wrangler/state/`), a local team and one local
 * runner attached to it (`.nexus/`), and the app's production build with its service worker
 * (rebuilt only when its sources changed), served on loopback.
 * `npm run dev` (scripts/dev.ts) is the hot-reloading variant for working on the app.
 *
 * Ports: the app from PORT (5173), the rooms from RELAY_PORT (1999), the control relay from
 * CONTROL_PORT (8787), each the next free one if taken.
 */
import { fileURLToPath } from "node:url";
import { ensureAppBuild } from "./start/app-build.ts";
import { serveAppBuild } from "./start/app-server.ts";
import { freePortFrom, portFromEnv } from "./start/ports.ts";
import { startRelayRooms } from "./start/relay-rooms.ts";
import { startControlRelay } from "./start/control-relay.ts";
import { ensureLocalTeam, mintPageToken } from "./start/local-team.ts";
import { startLocalRunner } from "./start/local-runner.ts";
import { onStop, printReady } from "./start/console.ts";

const repoRoot = fileURLToPath(new URL("../", import.meta.url));
const startedAt = Date.now();

// 1. Ports, so that the relays' URLs are known to the build.
const relayPort = await freePortFrom(portFromEnv("RELAY_PORT", 1999), "the collaboration relay");
const relayUrl = `http://127.0.0.1:${relayPort}`;
const controlPort = await freePortFrom(portFromEnv("CONTROL_PORT", 8787), "the control relay");

// 2. Both relays and the app's build, side by side (the build is skipped when nothing changed).
const [relay, control, build] = await Promise.all([
  startRelayRooms({ repoRoot, port: relayPort, onUnexpectedExit: (code, output) => fail(`The PartyKit dev server stopped (exit ${code}):\n${output}`) }),
  startControlRelay({ repoRoot, port: controlPort, onUnexpectedExit: (code, output) => fail(`The control relay (wrangler dev) stopped (exit ${code}):\n${output}`) }),
  ensureAppBuild({ repoRoot, relayUrl, onBuildStart: (reason) => console.log(`Building the app (${reason})…`) }),
]);

// 3. The local team (made on the first start, .nexus/local.json) and its local runner.
const team = await ensureLocalTeam(repoRoot, control.url);
const runner = await startLocalRunner({ repoRoot, onUnexpectedExit: (code, output) => console.error(`The local runner stopped (exit ${code}):\n${output}`) });

// 4. Serve the build, with a member token of the local team for the page (never the admin one).
const localTeam = await mintPageToken(team);
const app = await serveAppBuild({ dir: build.dir, port: portFromEnv("PORT", 5173), localTeam });

printReady({ appUrl: app.url, relayUrl: relay.url, controlUrl: control.url, teamCreated: team.created, readyMs: Date.now() - startedAt, built: build.built });
onStop(async () => {
  await runner.stop();
  await Promise.all([relay.stop(), control.stop()]);
  await app.close();
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
