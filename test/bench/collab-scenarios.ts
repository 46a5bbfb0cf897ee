/**
 * The collaboration benchmarks as rows for `npm run bench`: runs `collab-scenario.ts` in a
 * fresh Node process (the clients must not share an event loop with anything else) and turns
 * its figures into rows with their targets.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { CollabFigures } from "./collab-scenario.ts";

export interface CollabFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** None: a figure to read the others by, not a goal. */
  readonly target?: number;
  readonly kind: "min" | "max";
}

export function measureCollab(): CollabFigure[] {
  const script = fileURLToPath(new URL("./collab-scenario.ts", import.meta.url));
  const output = execFileSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 16 * 1024 * 1024 });
  const f = JSON.parse(output.trim().split("\n").pop()!) as CollabFigures;
  const load = `${f.loadClients} editors × 10 edits/s × ${f.loadSeconds} s, one room`;
  return [
    // Latency rows: 1,000 edits per round on each server; each figure is the median of the rounds.
    // The relay stores every edit before its peers see it (the output gate); the floor is the
    // same clients through a bare PartyKit room that only forwards frames.
    { name: "edit seen by a peer, p50, via the relay (partykit dev)", value: f.relayP50Ms, unit: "ms", target: 5, kind: "max" },
    { name: "edit seen by a peer, p99, via the relay (partykit dev)", value: f.relayP99Ms, unit: "ms", target: 25, kind: "max" },
    { name: "edit seen by a peer, p50, via a bare PartyKit room (floor)", value: f.floorRoomP50Ms, unit: "ms", kind: "max" },
    { name: "edit seen by a peer, p99, via a bare PartyKit room (floor)", value: f.floorRoomP99Ms, unit: "ms", kind: "max" },
    { name: "edit seen by a peer, p50, via a bare PartyKit room storing each frame first", value: f.storingRoomP50Ms, unit: "ms", kind: "max" },
    { name: `relay / floor latency, p50 (median of ${f.latencyRounds} rounds)`, value: f.relayP50Ms / f.floorRoomP50Ms, unit: "×", target: 1.2, kind: "max" },
    { name: `relay / floor latency, p99 (median of ${f.latencyRounds} rounds)`, value: f.relayP99Ms / f.floorRoomP99Ms, unit: "×", target: 1.2, kind: "max" },
    { name: "relay / storing room latency, p50 (the output gate's own price taken out)", value: f.relayP50Ms / f.storingRoomP50Ms, unit: "×", kind: "max" },
    { name: "edit seen by a peer, p50, via y-websocket", value: f.yWebsocketP50Ms, unit: "ms", kind: "max" },
    { name: "edit seen by a peer, p99, via y-websocket", value: f.yWebsocketP99Ms, unit: "ms", kind: "max" },
    { name: "relay / y-websocket latency, p50", value: f.relayP50Ms / f.yWebsocketP50Ms, unit: "×", kind: "max" },
    // The platform's own share, with no Yjs at all: raw frames, bare PartyKit against bare ws.
    { name: "bare PartyKit room / bare ws broadcast, raw frames, p50", value: f.floorPartykitP50Ms / f.floorWsP50Ms, unit: "×", kind: "max" },
    { name: `edits lost, ${load} (${f.loadSent} sent)`, value: f.loadLost, unit: "edits", target: 0, kind: "max" },
    { name: `edit seen by the others, p99, ${load}`, value: f.loadP99Ms, unit: "ms", target: 25, kind: "max" },
    { name: `workerd memory per active room, 100-node flow, one client (${f.memory.rooms} rooms)`, value: f.memory.activeKiBPerRoom, unit: "KiB", target: 400, kind: "max" },
    // Read by reuse: what a second set of rooms, opened then, cannot take from the idle ones.
    { name: `same, ${f.memory.idleMs / 1000} s after its client left (still held: not reused by new rooms)`, value: f.memory.idleKiBPerRoom, unit: "KiB", kind: "max" },
    { name: "  resident memory per idle room (workerd never hands memory back to the system)", value: f.memory.idleRssKiBPerRoom, unit: "KiB", kind: "max" },
    { name: "workerd memory per bare PartyKit room, one connection (floor)", value: f.bareRoomKiB, unit: "KiB", kind: "max" },
    // A room that keeps anything opens its storage: workerd opens a SQLite database per room.
    { name: "  the same bare room once it has stored one frame (its storage open)", value: f.bareStoringRoomKiB, unit: "KiB", kind: "max" },
    // What the relay adds to the platform's own room (checks, storage, the document): resident
    // memory sampled 2 s after the rooms settle, garbage included (workerd offers no forced GC here).
    { name: "  relay's own share per active room (relay room minus bare room)", value: f.memory.activeKiBPerRoom - f.bareRoomKiB, unit: "KiB", kind: "max" },
    { name: "  relay's own share per active room (relay room minus bare storing room)", value: f.memory.activeKiBPerRoom - f.bareStoringRoomKiB, unit: "KiB", kind: "max" },
  ];
}
