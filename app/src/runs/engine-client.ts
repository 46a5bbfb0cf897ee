/**
 * The page's side of the engine worker: one worker per tab, started on first use, shared by
 * every open flow (QuickJS loads once). Event batches fan out to subscribers by run.
 */
import * as Comlink from "comlink";
import { createSignal, type Accessor } from "solid-js";
import type { EngineWorkerApi, EventBatch } from "./engine-api.ts";
import type { JobNote } from "./job-notes.ts";
import { noteKey } from "./note-relay.ts";

export interface EngineClient {
  readonly api: Comlink.Remote<EngineWorkerApi>;
  /** Receives every batch of every run this tab's worker drives; returns the unsubscriber. */
  subscribe(listener: (batch: EventBatch) => void): () => void;
  /** Something the user must hear about: the worker crashed, or housekeeping failed. */
  onProblem(listener: (message: string) => void): () => void;
  /** Runner-placed nodes of this tab's runs, by `runId:nodeId`: queued, on which runner, lost, log. */
  readonly jobNotes: Accessor<ReadonlyMap<string, JobNote>>;
}

let client: EngineClient | undefined;

/** @example const { api } = engineClient(); await api.start({ flow, input: {} }); */
export function engineClient(): EngineClient {
  client ??= createEngineClient();
  return client;
}

function createEngineClient(): EngineClient {
  const worker = new Worker(new URL("./engine-worker.ts", import.meta.url), { type: "module", name: "nexus-engine" });
  const api = Comlink.wrap<EngineWorkerApi>(worker);
  const listeners = new Set<(batch: EventBatch) => void>();
  const problemListeners = new Set<(message: string) => void>();
  worker.addEventListener("error", (event) => {
    const message = `The run engine stopped unexpectedly${event.message ? `: ${event.message}` : ""}. Reload the page; unfinished runs resume from their saved log.`;
    for (const listener of problemListeners) listener(message);
  });
  // Run history retention, once per page load, in the worker: it is the one that writes the run tables.
  void api.pruneHistory().then((result) => {
    if (!result.ok) for (const listener of problemListeners) listener(`Old runs could not be deleted (the app tries again next time): ${result.error.message}`);
  });
  const [jobNotes, setJobNotes] = createSignal<ReadonlyMap<string, JobNote>>(new Map());
  // One copy of the map per batch (not per note): the run panel reads it as a signal.
  void api.connectJobNotes(Comlink.proxy((batch: JobNote[]) => setJobNotes((notes) => batch.reduce((next, note) => next.set(noteKey(note), note), new Map(notes)))));
  void api.connect(
    Comlink.proxy((batches: EventBatch[]) => {
      for (const batch of batches) for (const listener of listeners) listener(batch);
    }),
  );
  return {
    api,
    jobNotes,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    onProblem(listener) {
      problemListeners.add(listener);
      return () => void problemListeners.delete(listener);
    },
  };
}
