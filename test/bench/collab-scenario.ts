/**
 * The collaboration benchmarks, run in a process of their own by `collab-scenarios.ts`:
 * edit latency through the relay (`partykit dev`), through a bare PartyKit room that only
 * forwards frames (the platform floor: the same clients, no checks, no storage) and through a
 * y-websocket server, then 20 editors in one room. Prints one JSON object (the figures) as its last line.
 * `NEXUS_BENCH_COLLAB_SECONDS` shortens the 20-editor run (default 60), and
 * `NEXUS_BENCH_COLLAB_ROUNDS` sets the latency rounds (default 5).
 */
import { createRoom, newRoomKeys } from "../relay/support/room-client.ts";
import { measureEditLatencies } from "./collab-latency.ts";
import { measureFloor } from "./collab-floor.ts";
import { measureLoad } from "./collab-load.ts";
import { measureBareRoomMemory, measureRoomMemory, type RoomMemoryFigures } from "./collab-room-memory.ts";
import { startPartykitDev, startYWebsocketServer } from "./collab-servers.ts";
import { median, percentile } from "./collab-stats.ts";

export interface CollabFigures {
  /** The platform floor: a bare PartyKit broadcast room vs a bare `ws` server, p50. */
  readonly floorPartykitP50Ms: number;
  readonly floorWsP50Ms: number;
  readonly latencyRounds: number;
  readonly relayP50Ms: number;
  readonly relayP99Ms: number;
  /** The same edits through a bare PartyKit room that forwards each frame to the other peers. */
  readonly floorRoomP50Ms: number;
  readonly floorRoomP99Ms: number;
  /** The same, with the room storing each frame before forwarding it (the output gate alone). */
  readonly storingRoomP50Ms: number;
  readonly storingRoomP99Ms: number;
  readonly yWebsocketP50Ms: number;
  readonly yWebsocketP99Ms: number;
  readonly loadSeconds: number;
  readonly loadClients: number;
  readonly loadSent: number;
  readonly loadLost: number;
  readonly loadP50Ms: number;
  readonly loadP99Ms: number;
  readonly memory: RoomMemoryFigures;
  readonly bareRoomKiB: number;
  /** The same bare room once it has stored one frame (its storage opened). */
  readonly bareStoringRoomKiB: number;
}

const loadSeconds = Number(process.env.NEXUS_BENCH_COLLAB_SECONDS ?? 60);
const loadClients = 20;
const latencyRounds = Number(process.env.NEXUS_BENCH_COLLAB_ROUNDS ?? 5);

// Each y-partykit provider adds a process "exit" listener; twenty of them are expected here.
process.setMaxListeners(128);
const relay = await startPartykitDev();
const floorRoom = await startPartykitDev({ config: "test/bench/collab-floor/partykit.json" });
const yWebsocket = await startYWebsocketServer();
try {
  // 1. Latency, one edit at a time, the three servers taking turns edit by edit. A p99 of
  //    1,000 samples is its 10th-worst edit, at the mercy of one GC pause or scheduling
  //    hiccup: the figures are medians over rounds of 1,000 edits per server.
  const room = await createRoom(relay.url);
  const baseline = newRoomKeys();
  const rounds: Array<{ relay: number[]; floor: number[]; storing: number[]; baseline: number[] }> = [];
  for (let round = 0; round < latencyRounds; round++) {
    const [relaySamples, floorSamples, storingSamples, baselineSamples] = await measureEditLatencies([
      { host: relay.host, roomId: room.roomId, key: room.editKey },
      { host: floorRoom.host, roomId: newRoomKeys().roomId, key: "unused", ready: "open" },
      { host: floorRoom.host, roomId: newRoomKeys().roomId, key: "unused", ready: "open", params: { store: "1" } },
      { host: yWebsocket.host, roomId: baseline.roomId, key: baseline.editKey },
    ]);
    rounds.push({ relay: relaySamples!, floor: floorSamples!, storing: storingSamples!, baseline: baselineSamples! });
    const line = (name: string, samples: number[]) => `${name} p50 ${percentile(samples, 50).toFixed(2)} / p99 ${percentile(samples, 99).toFixed(2)} ms`;
    console.error(`round ${round + 1}: ${line("relay", relaySamples!)}; ${line("floor room", floorSamples!)}; ${line("storing room", storingSamples!)}; ${line("y-websocket", baselineSamples!)}`);
  }
  const medianOf = (server: "relay" | "floor" | "storing" | "baseline", p: number) => median(rounds.map((round) => percentile(round[server], p)));

  // 2. Twenty editors in one room through the relay.
  const loadRoom = await createRoom(relay.url);
  const load = await measureLoad({ host: relay.host, roomId: loadRoom.roomId, key: loadRoom.editKey, clients: loadClients, seconds: loadSeconds });
  console.error(`load: ${load.sent} edits sent, ${load.lost} missing, p50 ${load.p50Ms.toFixed(2)} ms, p99 ${load.p99Ms.toFixed(2)} ms over ${load.samples} arrivals`);

  // 3. Memory per room, the relay's (fresh, so earlier rooms do not count) and a bare room's.
  const memory = await measureRoomMemory();
  const bareRoomKiB = await measureBareRoomMemory(floorRoom);
  const bareStoringRoomKiB = await measureBareRoomMemory(floorRoom, 40, { store: true });
  console.error(`memory: ${memory.activeKiBPerRoom.toFixed(0)} KiB per active 100-node room, ${memory.idleKiBPerRoom.toFixed(0)} KiB per room ${memory.idleMs / 1000} s after its client left (by reuse; resident ${memory.idleRssKiBPerRoom.toFixed(0)} KiB); bare PartyKit room ${bareRoomKiB.toFixed(0)} KiB, ${bareStoringRoomKiB.toFixed(0)} KiB once it stored a frame`);

  // 4. The platform floor, for reading the ratio.
  const floor = await measureFloor();
  console.error(`floor: bare partykit p50 ${floor.partykitP50Ms.toFixed(3)} ms, bare ws p50 ${floor.wsP50Ms.toFixed(3)} ms`);

  const figures: CollabFigures = {
    floorPartykitP50Ms: floor.partykitP50Ms,
    floorWsP50Ms: floor.wsP50Ms,
    latencyRounds,
    relayP50Ms: medianOf("relay", 50),
    relayP99Ms: medianOf("relay", 99),
    floorRoomP50Ms: medianOf("floor", 50),
    floorRoomP99Ms: medianOf("floor", 99),
    storingRoomP50Ms: medianOf("storing", 50),
    storingRoomP99Ms: medianOf("storing", 99),
    yWebsocketP50Ms: medianOf("baseline", 50),
    yWebsocketP99Ms: medianOf("baseline", 99),
    loadSeconds,
    loadClients,
    loadSent: load.sent,
    loadLost: load.lost,
    loadP50Ms: load.p50Ms,
    loadP99Ms: load.p99Ms,
    memory,
    bareRoomKiB,
    bareStoringRoomKiB,
  };
  console.log(JSON.stringify(figures));
} finally {
  await yWebsocket.stop();
  await floorRoom.dispose();
  await relay.dispose();
}
