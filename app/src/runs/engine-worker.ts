/**
 * The engine worker: runs flows off the page's main thread so the UI never blocks; user code
 * runs in a pool of code workers beside it (code-workers.ts). It persists each run's log to
 * IndexedDB through its own small `idb` connection (storage/run-db.ts: no Dexie in the
 * worker), and streams events to the page in batches (see event-relay.ts). It also validates flows for the page (flow-checks.ts), so the
 * validator's zod schema and graphology ship once, here, and not in the page's bundle.
 *
 * Started by engine-client.ts with
 * `new Worker(new URL("./engine-worker.ts", import.meta.url), { type: "module" })`.
 */
import * as Comlink from "comlink";
import { toErrorData, type ErrorData, type NodeServices } from "@nexus-flow/shared";
import { createIdbRunStore } from "../storage/idb-run-store.ts";
import { connectRunDb, readSettingValue } from "../storage/run-db.ts";
import type { EngineWorkerApi, EventBatch, Result } from "./engine-api.ts";
import { pruneRunHistory } from "../settings/run-retention.ts";
import { createEventRelay } from "./event-relay.ts";
import { createBrowserHttpClient } from "./browser-http-client.ts";
import { systemClock } from "@nexus-flow/shared/platform";
import { webLocks } from "./locks.ts";
import { createRunHost, type RunHost } from "./run-host.ts";
import { flowChecks } from "./flow-checks.ts";
import { createCodeWorkerPool } from "./code-workers.ts";
import { createTeamJobs } from "./team-jobs.ts";
import type { JobNote } from "./job-notes.ts";
import { createNoteRelay } from "./note-relay.ts";
import { teamSettingKey } from "../team/team-connection.ts";
import { queuesForRunner, runnerWaitKey } from "../team/runner-wait.ts";
import { placementOf } from "../team/placement.ts";
import { groupCommit, hubKeptEvents } from "./group-commit.ts";

/** At most one message to the page per this many ms, however busy the runs are. */
const batchIntervalMs = 50;
/** How long the events of runner-placed nodes may wait to join a later log write (group-commit.ts). */
const runnerEventsHoldMs = 100;

let listener: ((batches: EventBatch[]) => unknown) | undefined;
let backlog: EventBatch[] = [];

const relay = createEventRelay((batches) => {
  if (!listener) return void backlog.push(...batches);
  Promise.resolve(listener(batches)).catch(() => undefined); // the page went away; the log is in IndexedDB
}, batchIntervalMs);

/** The code workers start at once, in the background; runs may call them before they are up. */
const sandbox = createCodeWorkerPool();
const http = createBrowserHttpClient(globalThis.fetch.bind(globalThis), self.location.origin);
const services: Omit<NodeServices, "now"> = { http, sandbox };
const loadServices = async () => services;

const db = connectRunDb();
let noteListener: ((notes: JobNote[]) => unknown) | undefined;
/** Batched: one message per interval, not a Comlink round trip per notice on each hop's path. */
const noteRelay = createNoteRelay((notes) => void Promise.resolve(noteListener?.(notes)).catch(() => undefined), batchIntervalMs);
const teamJobs = createTeamJobs({
  readKept: () => readSettingValue(db, teamSettingKey),
  fetchLocal: (path) => fetch(path, { cache: "no-store" }),
  online: () => navigator.onLine,
  queueUntilOnline: async (flowId) => queuesForRunner(await readSettingValue(db, runnerWaitKey(flowId))),
  onNote: noteRelay.push,
});
const store = createIdbRunStore(db);
const host = createRunHost({
  store,
  unfinishedRuns: (flowId) => store.unfinishedRuns(flowId),
  locks: webLocks,
  clock: systemClock,
  services: loadServices,
  relay,
  executorFor: teamJobs.executorFor,
  runEnded: teamJobs.runEnded,
  logWriterFor: (flow, writer) => {
    const runnerNodes = new Set(flow.nodes.filter((node) => placementOf(node)).map((node) => node.id));
    return runnerNodes.size ? groupCommit(writer, hubKeptEvents(runnerNodes), runnerEventsHoldMs) : writer;
  },
});
void db().catch(() => undefined); // open early; a failure is surfaced by the commands below

/** Commands wait for the database; if it cannot be opened they say why instead of hanging. */
async function withHost<T>(act: (host: RunHost) => T | Promise<T>): Promise<T | { ok: false; error: ErrorData }> {
  try {
    await db();
  } catch (error) {
    return { ok: false, error: { ...toErrorData(error), message: `Runs cannot be saved: the app's database did not open (${toErrorData(error).message}).` } };
  }
  return act(host);
}

async function prune(): Promise<Result<number>> {
  try {
    return { ok: true, value: await pruneRunHistory({ readSetting: (key) => readSettingValue(db, key), pruneRuns: store.prune }) };
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}

const api: EngineWorkerApi = {
  ...flowChecks,
  connect(next) {
    listener = next;
    const pending = backlog;
    backlog = [];
    if (pending.length) Promise.resolve(next(pending)).catch(() => undefined);
  },
  connectJobNotes(next) {
    noteListener = next;
  },
  pruneHistory: prune,
  ready: async () => void (await Promise.all([sandbox.ready(), db()])),
  start: (command) => withHost((host) => host.start(command)),
  attach: (flowId) => withHost((host) => host.attach(flowId)),
  snapshot: async (runId) => host.snapshot(runId),
  cancel: (runId, reason) => withHost((host) => host.cancel(runId, reason)),
  signal: (runId, nodeId, decision) => withHost((host) => host.signal(runId, nodeId, decision)),
};

Comlink.expose(api);
