/**
 * Edit latency: client A sets one Y.Map entry, client B is timed until it observes it; the
 * next edit starts only then. Edits start at most every `intervalMs` (10 ms: the relay allows
 * a connection 100 messages per second sustained), the same for every server measured.
 */
import * as Y from "yjs";
import { connectClient } from "../relay/support/room-client.ts";

export interface LatencyOptions {
  readonly host: string;
  readonly roomId: string;
  readonly key: string;
  readonly edits?: number;
  readonly warmup?: number;
  readonly intervalMs?: number;
}

/** Returns one latency (ms) per measured edit. */
export async function measureEditLatency({ host, roomId, key, edits = 1_000, warmup = 50, intervalMs = 10 }: LatencyOptions): Promise<number[]> {
  const a = connectClient(host, roomId, key);
  const b = connectClient(host, roomId, key);
  try {
    await Promise.all([a.synced(), b.synced()]);
    const sent = a.doc.getMap<{ i: number }>("latency");
    const seen = b.doc.getMap<{ i: number }>("latency");
    let waiting: { i: number; resolve: (at: number) => void } | undefined;
    seen.observe((event: Y.YMapEvent<{ i: number }>) => {
      for (const key of event.keysChanged) {
        if (waiting && seen.get(key)?.i === waiting.i) waiting.resolve(performance.now());
      }
    });
    const samples: number[] = [];
    for (let i = 0; i < warmup + edits; i++) {
      const started = performance.now();
      const observed = new Promise<number>((resolve) => (waiting = { i, resolve }));
      sent.set(`k${i % 16}`, { i });
      const latency = (await withTimeout(observed, 5_000, `edit ${i}`)) - started;
      if (i >= warmup) samples.push(latency);
      const wait = intervalMs - (performance.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return samples;
  } finally {
    a.destroy();
    b.destroy();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} not observed within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
