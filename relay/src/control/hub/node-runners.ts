/**
 * H1: a headless run's node handed to another runner as a node job: the run names that
 * runner (`node_runners`). Node jobs of runs that are not this hub's (a browser's runs, the
 * benchmarks') have nothing to record; their run ids are remembered so that each later job of
 * such a run costs no statement (one a job was ~3 % of the hub's time at 10,000 jobs/s).
 */
export class NodeRunners {
  private readonly foreignRuns = new Set<string>();

  constructor(private readonly sql: SqlStorage) {}

  /** A node job of `runId` started on `runner`. */
  record(runId: string, nodeId: string, runner: string): void {
    if (this.foreignRuns.has(runId)) return;
    const cursor = this.sql.exec("INSERT OR REPLACE INTO node_runners (run_id, node_id, runner) SELECT run_id, ?, ? FROM runs WHERE run_id = ?", nodeId, runner, runId);
    cursor.toArray();
    if (cursor.rowsWritten > 0) return;
    if (this.foreignRuns.size >= 10_000) this.foreignRuns.clear(); // a bound on memory; a miss costs one lookup
    this.foreignRuns.add(runId);
  }

  /** A new headless run: its id may have been a foreign one before (ids are random, so hardly ever). */
  runCreated(runId: string): void {
    this.foreignRuns.delete(runId);
  }
}
