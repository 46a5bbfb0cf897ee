import { openDb, type NexusDb } from "./storage/db.ts";
import { createFlowsRepo, type FlowsRepo } from "./storage/flows-repo.ts";

/** The app's long-lived services, created once at start-up. */
export interface AppContext {
  readonly db: NexusDb;
  readonly flows: FlowsRepo;
}

export function createAppContext(): AppContext {
  const db = openDb();
  return { db, flows: createFlowsRepo(db) };
}
