/**
 * Why this exists: a browser run whose nodes go to runners logged every hop in an IndexedDB
 * transaction of its own (a hop takes a few ms, a write less, so nothing coalesced), and
 * each cost about 1 ms of CPU between the engine worker and the browser's storage thread:
 * on the machine's two cores, time taken from the hop's own socket round trip.
 *
 * Some events a resumed run gets back without running anything twice: those of nodes placed
 * on a runner. Their jobs are keyed `runId:nodeId:attempt` and the hub keeps each result
 * (PROTOCOL.md J1, J3), so if the tab dies before they are written, the resumed run submits
 * the same keys again and the hub answers with the kept jobs and results. Those events may
 * wait (up to `maxDelayMs`) and join a later transaction. Every other event is written as
 * it comes, together with whatever waits before it, in order: a browser node's start or
 * result, the run's start and end are never held back, so what a crash can make run twice
 * in the tab is exactly what it could before.
 */
import type { RunEvent, RunLogWriter } from "@nexus-flow/shared";
import type { RelayTimers } from "./event-relay.ts";

/** Events of nodes placed on a runner that the hub can give back (see above); not a skip, a signal or a cancel. */
const fromTheHub = new Set<RunEvent["type"]>(["node.queued", "node.started", "node.succeeded", "node.failed"]);

/**
 * Which events of a run may wait: those of its runner-placed nodes.
 * @example const mayWait = hubKeptEvents(new Set(["n1"])); mayWait({ type: "node.started", nodeId: "n1", attempt: 1, at: 0 }) // true
 */
export function hubKeptEvents(runnerNodes: ReadonlySet<string>): (event: RunEvent) => boolean {
  return (event) => fromTheHub.has(event.type) && runnerNodes.has((event as { nodeId: string }).nodeId) && !("pinned" in event && event.pinned);
}

/**
 * Wraps `writer`: appends made only of events `mayWait` accepts are held (at most
 * `maxDelayMs`); any other append writes what is held first, in the same transaction.
 * Each append's promise settles when its events are durable, as before.
 * @example const writer = groupCommit(await store.open(runId), hubKeptEvents(runnerNodes), 100);
 */
export function groupCommit(writer: RunLogWriter, mayWait: (event: RunEvent) => boolean, maxDelayMs: number, timers: Pick<RelayTimers, "setTimeout"> = { setTimeout: (fn, ms) => setTimeout(fn, ms) }): RunLogWriter {
  let held: RunEvent[] = [];
  let waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  let timer = false;

  function writeHeld(extra: readonly RunEvent[] = []): Promise<void> {
    const events = held.length ? [...held, ...extra] : extra;
    const settle = waiters;
    held = [];
    waiters = [];
    let written: Promise<void>;
    try {
      written = Promise.resolve(writer.append(events));
    } catch (error) {
      written = Promise.reject(error); // e.g. a closed log: the engine stops the run either way
    }
    written.then(() => settle.forEach((waiter) => waiter.resolve()), (error: unknown) => settle.forEach((waiter) => waiter.reject(error)));
    return written;
  }

  return {
    append(events) {
      if (!events.length) return;
      if (!events.every(mayWait)) return writeHeld(events);
      for (const event of events) held.push(event);
      if (!timer) {
        timer = true;
        timers.setTimeout(() => {
          timer = false;
          if (held.length) void writeHeld().catch(() => undefined); // the waiters carry the failure to the engine
        }, maxDelayMs);
      }
      return new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    },
    async close() {
      if (held.length) await writeHeld().catch(() => undefined); // as the store's close: a failed append already surfaced
      await writer.close();
    },
  };
}
