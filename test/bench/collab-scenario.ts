/**
 * The collaboration benchmarks, run in a process of their own by `collab-scenarios.ts`:
 * edit latency through the relay (`partykit dev`) and through a y-websocket server, then 20
 * editors in one room. Prints one JSON object (the figures) as its last line.
 * `NEXUS_BENCH_COLLAB_SECONDS` shortens the 20-editor run (default 60).
 */
import { createRoom, newRoomKeys } from "../relay/support/room-client.ts";
import { measureEditLatency } from "./collab-latency.ts";
import { measureLoad } from "./collab-load.ts";
import { startPartykitDev, startYWebsocketServer } from "./collab-servers.ts";
import { percentile } from "./collab-stats.ts";

export interface CollabFigures {
  readonly relayP50Ms: number;
  readonly relayP99Ms: number;
  readonly yWebsocketP50Ms: number;
  readonly yWebsocketP99Ms: number;
  readonly loadSeconds: number;
  readonly loadClients: number;
  readonly loadSent: number;
  readonly loadLost: number;
  readonly loadP50Ms: number;
  readonly loadP99Ms: number;
}

const loadSeconds = Number(process.env.NEXUS_BENCH_COLLAB_SECONDS ?? 60);
const loadClients = 20;

// Each y-partykit provider adds a process "exit" listener; twenty of them are expected here.
process.setMaxListeners(64);
const relay = await startPartykitDev();
const yWebsocket = await startYWebsocketServer();
try {
  // 1. Latency, one edit at a time: 1,000 edits on each server, in alternating blocks of 250
  //    so that a noisy moment of the machine does not land on one server only.
  const room = await createRoom(relay.url);
  const baseline = newRoomKeys();
  const relaySamples: number[] = [];
  const baselineSamples: number[] = [];
  for (let block = 0; block < 4; block++) {
    relaySamples.push(...(await measureEditLatency({ host: relay.host, roomId: room.roomId, key: room.editKey, edits: 250 })));
    baselineSamples.push(...(await measureEditLatency({ host: yWebsocket.host, roomId: baseline.roomId, key: baseline.editKey, edits: 250 })));
  }
  console.error(`relay latency: p50 ${percentile(relaySamples, 50).toFixed(2)} ms, p99 ${percentile(relaySamples, 99).toFixed(2)} ms`);
  console.error(`y-websocket latency: p50 ${percentile(baselineSamples, 50).toFixed(2)} ms, p99 ${percentile(baselineSamples, 99).toFixed(2)} ms`);

  // 2. Twenty editors in one room through the relay.
  const loadRoom = await createRoom(relay.url);
  const load = await measureLoad({ host: relay.host, roomId: loadRoom.roomId, key: loadRoom.editKey, clients: loadClients, seconds: loadSeconds });
  console.error(`load: ${load.sent} edits sent, ${load.lost} missing, p50 ${load.p50Ms.toFixed(2)} ms, p99 ${load.p99Ms.toFixed(2)} ms over ${load.samples} arrivals`);

  const figures: CollabFigures = {
    relayP50Ms: percentile(relaySamples, 50),
    relayP99Ms: percentile(relaySamples, 99),
    yWebsocketP50Ms: percentile(baselineSamples, 50),
    yWebsocketP99Ms: percentile(baselineSamples, 99),
    loadSeconds,
    loadClients,
    loadSent: load.sent,
    loadLost: load.lost,
    loadP50Ms: load.p50Ms,
    loadP99Ms: load.p99Ms,
  };
  console.log(JSON.stringify(figures));
} finally {
  await yWebsocket.stop();
  await relay.dispose();
}
