/**
 * Many editors in one room: `clients` clients each add a node (a Y.Map, as the app's nodes
 * are) `ratePerSecond` times a second for `seconds`. Every edit carries its send time, every
 * other client records when it arrives. At the end, every replica must hold every edit.
 */
import * as Y from "yjs";
import { connectClient, type RoomClient } from "../relay/support/room-client.ts";
import { percentile } from "./collab-stats.ts";

export interface LoadOptions {
  readonly host: string;
  readonly roomId: string;
  readonly key: string;
  readonly clients?: number;
  readonly ratePerSecond?: number;
  readonly seconds?: number;
}

export interface LoadResult {
  readonly sent: number;
  /** Edits missing from the replica that misses most, once all is quiet (or after 30 s). */
  readonly lost: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly samples: number;
}

export async function measureLoad({ host, roomId, key, clients: count = 20, ratePerSecond = 10, seconds = 60 }: LoadOptions): Promise<LoadResult> {
  const clients: RoomClient[] = Array.from({ length: count }, () => connectClient(host, roomId, key));
  const latencies: number[] = [];
  try {
    await Promise.all(clients.map((c) => c.synced(30_000)));
    for (const client of clients) observeLatency(client.doc, latencies);
    // 1. Every client edits at its rate, starting at a random phase.
    let sent = 0;
    const timers: NodeJS.Timeout[] = [];
    clients.forEach((client, c) => {
      let i = 0;
      const start = setTimeout(() => {
        timers.push(setInterval(() => {
          const node = new Y.Map<unknown>();
          node.set("type", "noop");
          node.set("position", { x: i, y: c });
          node.set("sentAt", performance.now());
          node.set("by", client.doc.clientID);
          client.doc.getMap("nodes").set(`c${c}-e${i++}`, node);
          sent++;
        }, 1000 / ratePerSecond));
      }, Math.random() * (1000 / ratePerSecond));
      timers.push(start);
    });
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    for (const timer of timers) clearInterval(timer);
    // 2. Quiet: wait until every replica holds every edit, or give up after 30 s.
    const deadline = Date.now() + 30_000;
    const missing = () => Math.max(...clients.map((c) => sent - c.doc.getMap("nodes").size));
    while (missing() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    return { sent, lost: missing(), p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), samples: latencies.length };
  } finally {
    for (const client of clients) client.destroy();
  }
}

/** Records, for each node another client added, the time from its send to its arrival here. */
function observeLatency(doc: Y.Doc, latencies: number[]): void {
  doc.getMap<Y.Map<unknown>>("nodes").observe((event, transaction) => {
    if (transaction.local) return;
    const now = performance.now();
    for (const [key, change] of event.changes.keys) {
      if (change.action !== "add") continue;
      const sentAt = event.target.get(key)?.get("sentAt");
      if (typeof sentAt === "number") latencies.push(now - sentAt);
    }
  });
}
