/**
 * Streams run events from the worker to the page without flooding it: events pile up per
 * run and go out together at most once per interval (a 10,000-node run makes a few dozen
 * messages, not 30,000). The first events after a quiet spell go out on the next task, so a
 * small run still feels instant, and a run's end goes out at once.
 */
import type { ErrorData, RunEvent } from "@nexus-flow/shared";
import type { EventBatch } from "./engine-api.ts";

export interface EventRelay {
  /** Queues `events`, which sit at index `from` of the run's log. */
  push(runId: string, from: number, events: readonly RunEvent[]): void;
  /** Marks the run settled (its log durable, or given up on with `fault`). */
  settle(runId: string, from: number, fault?: ErrorData): void;
  /** Delivers everything queued now. */
  flush(): void;
}

export interface RelayTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
}

interface Pending {
  from: number;
  events: RunEvent[];
  settled?: true;
  fault?: ErrorData;
}

export const browserTimers: RelayTimers = { now: () => performance.now(), setTimeout: (fn, ms) => setTimeout(fn, ms) };

/**
 * Calls `flush` on the next task after a quiet spell, then at most once per `intervalMs`:
 * the pace both relays (events, job notes) keep. `schedule` asks for a flush; `flushed`
 * says one ran (and whether it delivered anything, which starts the next interval).
 */
export function createThrottle(flush: () => void, intervalMs: number, timers: RelayTimers) {
  let scheduled = false;
  let lastDelivery = -Infinity;
  return {
    schedule(): void {
      if (scheduled) return;
      scheduled = true;
      timers.setTimeout(flush, Math.max(0, lastDelivery + intervalMs - timers.now()));
    },
    flushed(delivered = true): void {
      scheduled = false;
      if (delivered) lastDelivery = timers.now();
    },
  };
}

/**
 * @example
 * const relay = createEventRelay((batches) => page.receive(batches), 50);
 * relay.push("r1", 0, events); // delivered on the next task, then at most every 50 ms
 */
export function createEventRelay(deliver: (batches: EventBatch[]) => void, intervalMs = 50, timers: RelayTimers = browserTimers): EventRelay {
  let pending = new Map<string, Pending>();
  const throttle = createThrottle(() => flush(), intervalMs, timers);
  const schedule = throttle.schedule;

  function entryAt(runId: string, from: number): Pending {
    const entry = pending.get(runId);
    if (entry && entry.from + entry.events.length === from && !entry.settled) return entry;
    if (entry) flush(); // not contiguous (a resumed run's log starts over): keep order, send what we have
    const fresh: Pending = { from, events: [] };
    pending.set(runId, fresh);
    return fresh;
  }

  function flush(): void {
    if (!pending.size) return throttle.flushed(false);
    const batches: EventBatch[] = [];
    for (const [runId, entry] of pending) batches.push({ runId, ...entry });
    pending = new Map();
    throttle.flushed();
    deliver(batches);
  }

  return {
    push(runId, from, events) {
      if (!events.length) return;
      const entry = entryAt(runId, from);
      for (const event of events) entry.events.push(event); // no spread: a step may carry 10,000 events
      schedule();
    },
    settle(runId, from, fault) {
      const entry = entryAt(runId, from);
      entry.settled = true;
      if (fault) entry.fault = fault;
      // At once, not at the next interval: a run's end shows the moment its log is durable
      // (waiting cost up to 50 ms per run), and a run settles once, so this cannot flood.
      flush();
    },
    flush,
  };
}
