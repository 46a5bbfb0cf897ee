import { Dexie, type EntityTable } from "dexie";
import yDexie from "y-dexie";
import { skipOwnUpdates } from "./own-updates.ts";
import type * as Y from "yjs";
import type { Flow, RunEvent, RunStatus } from "@nexus-flow/shared";
import type { RoomMembership } from "../collab/room-link.ts";

/** A flow in the list; its content is the Y.Doc (stored as updates by y-dexie). */
export interface FlowRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  /** Set when deleted: kept until the undo window closes, then purged. */
  deletedAt?: number;
  /** Set when the flow is shared: its room and this browser's keys to it. */
  room?: RoomMembership;
  readonly doc: Y.Doc;
}

/** An immutable published snapshot of a flow. */
export interface VersionRecord {
  id?: number;
  flowId: string;
  version: number;
  flow: Flow;
  publishedAt: number;
  note?: string;
}

/** One run in the history; its log is in `runEvents`. */
export interface RunRecord {
  runId: string;
  flowId: string;
  flowName: string;
  status: RunStatus;
  startedAt: number;
  finishedAt?: number;
}

/** Part of a run log: the events of one write, in order. Batches keep a 10,000-node run to few rows. */
export interface RunEventBatch {
  runId: string;
  seq: number;
  events: RunEvent[];
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

export type NexusDb = Dexie & {
  flows: EntityTable<FlowRecord, "id">;
  versions: EntityTable<VersionRecord, "id">;
  runs: EntityTable<RunRecord, "runId">;
  runEvents: EntityTable<RunEventBatch, "runId">;
  settings: EntityTable<SettingRecord, "key">;
};

/** y-dexie's table of the flows' doc updates (`flows.doc`), rows `{ k: flowId, u: update (V2), f: 1 }`. */
export const updatesTable = "$flows.doc_updates";

/**
 * Opens (creating or upgrading) the app's IndexedDB database. Usable from the page and from
 * workers. The page's (`page: true`) leaves y-dexie's periodic merge of each flow's stored
 * updates to a worker (compaction.ts), and its open docs skip reading back their own updates
 * (own-updates.ts).
 */
export function openDb(name = "nexus-flow", { page = false, compact = !page }: { page?: boolean; compact?: boolean } = {}): NexusDb {
  const db = new Dexie(name, { addons: [yDexie({ gc: compact }) as (db: Dexie) => void] }) as NexusDb;
  if (page) skipOwnUpdates(db, updatesTable);
  db.version(1).stores({
    flows: "id, name, updatedAt, deletedAt, doc: Y.Doc",
    versions: "++id, &[flowId+version], flowId",
    runs: "runId, flowId, startedAt, [flowId+startedAt]",
    runEvents: "[runId+seq], runId",
    settings: "key",
  });
  return db;
}
