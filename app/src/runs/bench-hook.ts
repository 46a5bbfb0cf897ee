/**
 * A test hook for benchmarks and browser tests, present only when the page is opened with
 * `?bench` in its query string (e.g. `http://127.0.0.1:4173/?bench`):
 *
 * - `window.__nexus.run(flow, input?)` starts `flow` in the engine worker exactly as the Run
 *   button does (log persisted to IndexedDB, events streamed to the page and folded into a
 *   `RunState`), and resolves once the run has settled and its log is durable, with
 *   `{ runId, status, ms, nodes, events }` (`ms`: from the start command to that moment).
 * - `window.__nexus.ready()` resolves once the worker is up (database open, QuickJS loaded),
 *   so a timing does not include start-up.
 */
import type { Flow, JsonValue, RunStatus } from "@nexus-flow/shared";
import { engineClient } from "./engine-client.ts";
import { openDb } from "../storage/db.ts";
import { applyBatch, type RunView } from "./run-view.ts";
import { newRunId } from "./run-id.ts";

export interface BenchRunResult {
  readonly runId: string;
  readonly status: RunStatus;
  readonly ms: number;
  readonly nodes: number;
  /** Events the page received and folded. */
  readonly events: number;
  /** Summed time inside the nodes' executors (started → finished, the engine's clock): a hop's share spent away from the engine. */
  readonly nodeMs: number;
}

export interface NexusTestHook {
  run(flow: Flow, input?: JsonValue): Promise<BenchRunResult>;
  ready(): Promise<void>;
}

declare global {
  interface Window {
    __nexus?: NexusTestHook;
  }
}

export function installBenchHookIfAsked(): void {
  if (typeof window === "undefined" || !new URLSearchParams(window.location.search).has("bench")) return;
  window.__nexus = { run: benchRun, ready };
}

/** The page creates the database (the worker opens it as installed), then the worker warms up. */
async function ready(): Promise<void> {
  const db = openDb();
  await db.open();
  db.close();
  await engineClient().api.ready();
}

async function benchRun(flow: Flow, input: JsonValue = null): Promise<BenchRunResult> {
  const { api, subscribe } = engineClient();
  const runId = newRunId();
  let view: RunView | undefined;
  let finish!: (view: RunView) => void;
  const settled = new Promise<RunView>((resolve) => (finish = resolve));
  const unsubscribe = subscribe((batch) => {
    if (batch.runId !== runId) return;
    view = applyBatch(view, batch) ?? view; // folded as the run panel folds it
    if (batch.settled && view) finish(view);
  });
  const started = performance.now();
  try {
    const result = await api.start({ runId, flow, input });
    if (!result.ok) throw new Error(result.error.message);
    const final = await settled;
    if (final.fault) throw new Error(final.fault.message);
    const nodeMs = Object.values(final.state.nodes).reduce((sum, node) => sum + (node.finishedAt ?? 0) - (node.startedAt ?? node.finishedAt ?? 0), 0);
    return { runId, status: final.state.status, ms: performance.now() - started, nodes: flow.nodes.length, events: final.events.length, nodeMs };
  } finally {
    unsubscribe();
  }
}
