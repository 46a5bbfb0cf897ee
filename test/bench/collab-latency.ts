/**
 * Edit latency: on each server, client A sets one Y.Map entry and client B is timed until it
 * observes it. The servers take turns edit by edit (relay, baseline, relay, …), so a noisy
 * moment of the machine lands on both alike; a turn starts at most every `intervalMs` (10 ms:
 * the relay allows a connection 100 messages per second sustained).
 */
import * as Y from "yjs";
import { connectClient, type RoomClient } from "../relay/support/room-client.ts";
import { waitFor } from "../relay/support/wait-for.ts";

export interface LatencyTarget {
  readonly host: string;
  readonly roomId: string;
  readonly key: string;
  /**
   * `open`: a room that only forwards frames (the platform floor) never answers a sync, so
   * the pair starts once both sockets are open; updates flow between them all the same.
   */
  readonly ready?: "synced" | "open";
  /** More query parameters for the room's URL. */
  readonly params?: Record<string, string>;
}

/** One list of latencies (ms) per target, `edits` long each. */
export async function measureEditLatencies(targets: readonly LatencyTarget[], { edits = 1_000, warmup = 50, intervalMs = 10 } = {}): Promise<number[][]> {
  const pairs = targets.map(({ host, roomId, key, ready = "synced", params }) => new EditPair(connectClient(host, roomId, key, { params }), connectClient(host, roomId, key, { params }), ready));
  try {
    await Promise.all(pairs.map((pair) => pair.synced()));
    const samples = targets.map((): number[] => []);
    for (let i = 0; i < warmup + edits; i++) {
      const started = performance.now();
      for (const [index, pair] of pairs.entries()) {
        const latency = await pair.edit(i);
        if (i >= warmup) samples[index]!.push(latency);
      }
      const wait = intervalMs - (performance.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return samples;
  } finally {
    for (const pair of pairs) pair.destroy();
  }
}

/** Two clients in one room: edits on `a`, observed on `b`. */
class EditPair {
  private waiting: { i: number; resolve: (at: number) => void } | undefined;

  constructor(
    private readonly a: RoomClient,
    private readonly b: RoomClient,
    private readonly ready: "synced" | "open",
  ) {
    const seen = b.doc.getMap<{ i: number }>("latency");
    seen.observe((event: Y.YMapEvent<{ i: number }>) => {
      for (const key of event.keysChanged) {
        if (this.waiting && seen.get(key)?.i === this.waiting.i) this.waiting.resolve(performance.now());
      }
    });
  }

  synced(): Promise<unknown> {
    if (this.ready === "open") return waitFor("both sockets open", () => this.a.provider.wsconnected && this.b.provider.wsconnected);
    return Promise.all([this.a.synced(), this.b.synced()]);
  }

  async edit(i: number): Promise<number> {
    const started = performance.now();
    const observed = new Promise<number>((resolve) => (this.waiting = { i, resolve }));
    this.a.doc.getMap<{ i: number }>("latency").set(`k${i % 16}`, { i });
    return (await withTimeout(observed, 5_000, `edit ${i}`)) - started;
  }

  destroy(): void {
    this.a.destroy();
    this.b.destroy();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} not observed within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
