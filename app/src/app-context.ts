import { openDb, type NexusDb } from "./storage/db.ts";
import { compactInWorker } from "./storage/compaction.ts";
import { createFlowsRepo, type FlowsRepo } from "./storage/flows-repo.ts";
import { createTeamStore, type TeamStore } from "./team/team-store.ts";

/** The app's long-lived services, created once at start-up. */
export interface AppContext {
  readonly db: NexusDb;
  readonly flows: FlowsRepo;
  readonly team: TeamStore;
}

export function createAppContext(): AppContext {
  // The stored edits are merged in a worker, not on the page (compaction.ts).
  const db = openDb(undefined, { page: true });
  compactInWorker(db.name);
  return { db, flows: createFlowsRepo(db), team: createTeamStore(db) };
}
