/**
 * The hub's SQLite tables (Durable Object storage). A decision's writes are made before its
 * replies are sent, so workerd's output gate holds each reply until they are committed: what
 * a runner or submitter was told, job offers included, is on disk (decision-output.ts,
 * PROTOCOL W5).
 */
import type { JobRecord } from "./job-book.ts";

export const schema = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (id TEXT PRIMARY KEY, kind TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL,
  labels TEXT NOT NULL DEFAULT '[]', expires_at INTEGER NOT NULL, created_at INTEGER NOT NULL, created_by TEXT,
  revoked_at INTEGER, used_at INTEGER, used_by TEXT, runner_id TEXT);
CREATE TABLE IF NOT EXISTS runners (id TEXT PRIMARY KEY, name TEXT NOT NULL, labels TEXT NOT NULL, slots INTEGER NOT NULL,
  connections TEXT NOT NULL, version TEXT NOT NULL, created_at INTEGER NOT NULL, last_seen_at INTEGER NOT NULL, revoked_at INTEGER);
CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, status TEXT NOT NULL, record TEXT NOT NULL, finished_at INTEGER);
CREATE INDEX IF NOT EXISTS jobs_open ON jobs (status) WHERE status != 'finished';
CREATE INDEX IF NOT EXISTS jobs_finished ON jobs (finished_at) WHERE status = 'finished';
CREATE TABLE IF NOT EXISTS flows (flow_id TEXT NOT NULL, version INTEGER NOT NULL, flow TEXT NOT NULL, published_at INTEGER NOT NULL,
  published_by TEXT NOT NULL, unpublished_at INTEGER, PRIMARY KEY (flow_id, version));
CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, flow_id TEXT NOT NULL, version INTEGER NOT NULL, status TEXT NOT NULL,
  started_at INTEGER NOT NULL, finished_at INTEGER, error TEXT, waiting_for TEXT, signals TEXT NOT NULL DEFAULT '{}',
  segment INTEGER NOT NULL DEFAULT 1, trigger TEXT NOT NULL DEFAULT 'api', trigger_node TEXT, started_by TEXT, picked_at INTEGER);
CREATE INDEX IF NOT EXISTS runs_newest ON runs (started_at DESC);
CREATE TABLE IF NOT EXISTS run_events (run_id TEXT NOT NULL, seq INTEGER NOT NULL, event TEXT NOT NULL, runner TEXT,
  PRIMARY KEY (run_id, seq));
CREATE TABLE IF NOT EXISTS node_runners (run_id TEXT NOT NULL, node_id TEXT NOT NULL, runner TEXT NOT NULL, PRIMARY KEY (run_id, node_id));
CREATE TABLE IF NOT EXISTS run_event_parts (run_id TEXT NOT NULL, seq INTEGER NOT NULL, part INTEGER NOT NULL, text TEXT NOT NULL,
  PRIMARY KEY (run_id, seq, part));
CREATE TABLE IF NOT EXISTS chunk_parts (job_id TEXT NOT NULL, seq INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (job_id, seq));
CREATE TABLE IF NOT EXISTS job_lines (job_id TEXT NOT NULL, seq INTEGER NOT NULL, lines TEXT NOT NULL, PRIMARY KEY (job_id, seq));
CREATE TABLE IF NOT EXISTS test_hooks (test_id TEXT PRIMARY KEY, flow_id TEXT NOT NULL, node_id TEXT NOT NULL, expires_at INTEGER NOT NULL, captured TEXT);
CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
`;

/** An upsert, not REPLACE: a job's second save updates its row in place instead of deleting and re-inserting it (and its index entries). */
export function saveJob(sql: SqlStorage, job: JobRecord): void {
  saveJobs(sql, [job]);
}

/** Rows per upsert: 4 parameters each within the Durable Object's 100 bound parameters a statement. */
const rowsPerSave = 25;
const upsertTail = " ON CONFLICT (id) DO UPDATE SET status = excluded.status, record = excluded.record, finished_at = excluded.finished_at";
const upserts: string[] = [];

/**
 * Saves a decision's changed jobs with one multi-row upsert per 25 jobs, not one statement
 * each: a result frame of 50 finishes 50 jobs and leases 50 more, 100 rows in 4 statements.
 */
export function saveJobs(sql: SqlStorage, jobs: readonly JobRecord[]): void {
  for (let at = 0; at < jobs.length; at += rowsPerSave) {
    const group = jobs.slice(at, at + rowsPerSave);
    const args: (string | number | null)[] = [];
    for (const job of group) args.push(job.id, job.status, JSON.stringify(job), job.finishedAt ?? null);
    sql.exec((upserts[group.length] ??= `INSERT INTO jobs (id, status, record, finished_at) VALUES ${Array(group.length).fill("(?, ?, ?, ?)").join(", ")}${upsertTail}`), ...args);
  }
}

export function loadOpenJobs(sql: SqlStorage): JobRecord[] {
  return sql.exec<{ record: string }>("SELECT record FROM jobs WHERE status != 'finished' ORDER BY json_extract(record, '$.submittedAt')").toArray().map((row) => JSON.parse(row.record) as JobRecord);
}

export function loadJob(sql: SqlStorage, id: string): JobRecord | undefined {
  return loadJobs(sql, [id])[0];
}

/** Stored jobs among `ids`, one statement per 100 (the bound-parameter limit): a frame of 100 submits ahead names 200 keys (J6). */
export function loadJobs(sql: SqlStorage, ids: readonly string[]): JobRecord[] {
  const jobs: JobRecord[] = [];
  for (let at = 0; at < ids.length; at += 100) {
    const group = ids.slice(at, at + 100);
    const rows = sql.exec<{ record: string }>(`SELECT record FROM jobs WHERE id IN (${Array(group.length).fill("?").join(", ")})`, ...group).toArray();
    for (const row of rows) jobs.push(JSON.parse(row.record) as JobRecord);
  }
  return jobs;
}

/** Deletes the rows of jobs that never ran (J8: waiting jobs removed), 100 ids a statement. */
export function deleteJobs(sql: SqlStorage, ids: readonly string[]): void {
  for (let at = 0; at < ids.length; at += 100) {
    const group = ids.slice(at, at + 100);
    sql.exec(`DELETE FROM jobs WHERE id IN (${Array(group.length).fill("?").join(", ")})`, ...group);
  }
}

/** Results are kept for returning submitters for a day (rule J3), then forgotten. */
export function purgeOldJobs(sql: SqlStorage, before: number): void {
  sql.exec("DELETE FROM jobs WHERE status = 'finished' AND finished_at < ?", before);
  // Parts of a chunk whose job ended before its last part (C5).
  sql.exec("DELETE FROM chunk_parts WHERE job_id NOT IN (SELECT id FROM jobs WHERE status != 'finished')");
}

export function audit(sql: SqlStorage, actor: string, action: string, detail: Record<string, unknown>, now: number): void {
  sql.exec("INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)", now, actor, action, JSON.stringify(detail));
}

export const parseList = (text: string): string[] => JSON.parse(text) as string[];
