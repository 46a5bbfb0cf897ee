/**
 * The platform floor of the relay's latency: one small binary frame from client A to client B
 * through a bare PartyKit broadcast room (`partykit dev`, workerd) and through a bare Node
 * `ws` broadcast server, taking turns frame by frame. Whatever ratio this shows, the relay
 * (Yjs, checks, storage on top) cannot beat.
 */
import WebSocket from "ws";
import { startPartykitDev } from "../relay/support/partykit-dev.ts";
import { startServerScript } from "./collab-servers.ts";
import { percentile } from "./collab-stats.ts";

export interface FloorFigures {
  readonly partykitP50Ms: number;
  readonly wsP50Ms: number;
}

export async function measureFloor(frames = 1_000, warmup = 100): Promise<FloorFigures> {
  const partykit = await startPartykitDev({ config: "test/bench/collab-floor/partykit.json" });
  const ws = await startServerScript(new URL("./collab-floor/ws-broadcast-server.ts", import.meta.url));
  try {
    const viaPartykit = await openPair(`${partykit.url.replace(/^http/, "ws")}/parties/main/floor`);
    const viaWs = await openPair(`ws://${ws.host}/floor`);
    const samples = { partykit: [] as number[], ws: [] as number[] };
    for (let i = 0; i < warmup + frames; i++) {
      const a = await viaPartykit.roundTrip();
      const b = await viaWs.roundTrip();
      if (i >= warmup) samples.partykit.push(a), samples.ws.push(b);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    viaPartykit.close();
    viaWs.close();
    return { partykitP50Ms: percentile(samples.partykit, 50), wsP50Ms: percentile(samples.ws, 50) };
  } finally {
    await ws.stop();
    await partykit.dispose();
  }
}

async function openPair(url: string) {
  const open = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once("open", () => resolve(socket));
      socket.once("error", reject);
    });
  const [a, b] = [await open(), await open()];
  const frame = Buffer.from([0, 2, 3, 1, 2, 3]);
  return {
    async roundTrip(): Promise<number> {
      const started = performance.now();
      const arrived = new Promise<number>((resolve) => b.once("message", () => resolve(performance.now())));
      a.send(frame);
      return (await arrived) - started;
    },
    close: () => (a.terminate(), b.terminate()),
  };
}
