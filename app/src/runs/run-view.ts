/**
 * A run as the page shows it: its log so far and the state folded from it. Batches from the
 * worker are folded copy-on-write (a fresh state object, fresh records for the nodes a batch
 * touched), so Solid sees a new value per batch while untouched nodes keep their identity.
 */
import { applyEvent, foldRunLog, type ErrorData, type RunEvent, type RunState } from "@nexus-flow/shared";
import type { EventBatch } from "./engine-api.ts";

export interface RunView {
  readonly runId: string;
  /** The log; grows in place as batches arrive (read it through the newest view). */
  readonly events: readonly RunEvent[];
  readonly state: RunState;
  /** This tab's worker is driving the run now. */
  readonly live: boolean;
  /** Why the worker stopped driving the run before it finished (the log could not be written). */
  readonly fault?: ErrorData;
}

/** A view of a whole log (read from IndexedDB, or a worker snapshot). */
export function viewOfLog(events: readonly RunEvent[], live: boolean): RunView {
  const state = foldRunLog(events);
  return { runId: state.runId, events: [...events], state, live };
}

/**
 * Folds a batch into the view. Returns `undefined` when the batch does not line up with what
 * the view has (it starts past the end): the caller then asks the worker for the whole log.
 * @example view = applyBatch(view, batch) ?? viewOfLog(await api.snapshot(runId), true);
 */
export function applyBatch(view: RunView | undefined, batch: EventBatch): RunView | undefined {
  if (!view) return batch.from === 0 && batch.events.length ? settle(viewOfLog(batch.events, true), batch) : undefined;
  if (batch.from > view.events.length) return undefined;
  const fresh = batch.events.slice(view.events.length - batch.from);
  const state: RunState = { ...view.state, nodes: { ...view.state.nodes }, signals: { ...view.state.signals } };
  const copied = new Set<string>();
  const events = view.events as RunEvent[];
  for (const event of fresh) {
    if ("nodeId" in event && !copied.has(event.nodeId) && state.nodes[event.nodeId]) {
      state.nodes[event.nodeId] = { ...state.nodes[event.nodeId]! };
      copied.add(event.nodeId);
    }
    applyEvent(state, event);
    events.push(event);
  }
  return settle({ ...view, events, state }, batch);
}

function settle(view: RunView, batch: EventBatch): RunView {
  if (!batch.settled) return view;
  return { ...view, live: false, ...(batch.fault ? { fault: batch.fault } : {}) };
}
