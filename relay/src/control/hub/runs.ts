/**
 * Headless runs in the hub: each run's log is the engine's events, appended as runners send
 * them (rule H1), plus the hub's own notes ("runner lost"), kept apart from the engine log.
 */
import { foldRunLog, type Flow, type JsonValue, type RunEvent, type RunState } from "@nexus-flow/shared";

export type HeadlessRunStatus = "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled";

export interface RunRow {
  run_id: string;
  flow_id: string;
  version: number;
  status: HeadlessRunStatus;
  started_at: number;
  finished_at: number | null;
  error: string | null;
  waiting_for: string | null;
  signals: string;
  segment: number;
  trigger: string;
  trigger_node: string | null;
  picked_at: number | null;
  [key: string]: SqlStorageValue;
}

export interface NewRun {
  readonly runId: string;
  readonly flow: Flow;
  readonly version: number;
  readonly input: JsonValue;
  readonly startedBy: string;
  /** `api`, `webhook` or `schedule`. */
  readonly trigger: string;
  /** The trigger node that started it; the flow's other triggers are skipped (SPEC G1). */
  readonly triggerNode?: string;
  /** L8: the run fails SCHEDULE_TO_START_TIMEOUT if no runner takes it this long after it starts. */
  readonly scheduleToStartMs?: number;
}

export function createRun(sql: SqlStorage, run: NewRun, now: number): void {
  sql.exec("INSERT INTO runs (run_id, flow_id, version, status, started_at, trigger, trigger_node, started_by) VALUES (?, ?, ?, 'queued', ?, ?, ?, ?)", run.runId, run.flow.id, run.version, now, run.trigger, run.triggerNode ?? null, run.startedBy);
  const started: RunEvent = { type: "run.started", runId: run.runId, flow: run.flow, input: run.input, at: now, ...(run.triggerNode ? { startAt: run.triggerNode } : {}) };
  appendRunEntries(sql, run.runId, [started], null, "event");
}

/** Appends entries with the next sequence numbers; returns them as stored. */
export function appendRunEntries(sql: SqlStorage, runId: string, entries: readonly unknown[], runner: string | null, kind: "event" | "note"): { seq: number; entry: unknown }[] {
  const last = sql.exec<{ seq: number }>("SELECT COALESCE(MAX(seq), 0) AS seq FROM run_events WHERE run_id = ?", runId).one().seq;
  return entries.map((entry, i) => {
    const seq = last + i + 1;
    const stored = kind === "note" ? { note: entry } : entry;
    sql.exec("INSERT INTO run_events (run_id, seq, event, runner) VALUES (?, ?, ?, ?)", runId, seq, storedText(sql, runId, seq, stored), runner);
    return { seq, entry: stored };
  });
}

/** Rows stay well under SQLite's 2 MB row limit on Cloudflare: a larger entry is kept in parts. */
const maxRowChars = 500_000;

/**
 * An entry's text for its `run_events` row. A large one (a node's 3 MB output) goes to
 * `run_event_parts` and its row keeps a stub, `{type, nodeId, at, $parts}`, that the
 * statistics' queries still read.
 */
function storedText(sql: SqlStorage, runId: string, seq: number, entry: unknown): string {
  const text = JSON.stringify(entry);
  if (text.length <= maxRowChars) return text;
  let part = 0;
  for (let at = 0; at < text.length; at += maxRowChars, part++) sql.exec("INSERT INTO run_event_parts (run_id, seq, part, text) VALUES (?, ?, ?, ?)", runId, seq, part, text.slice(at, at + maxRowChars));
  const { type, nodeId, retryAt, at } = entry as { type?: string; nodeId?: string; retryAt?: number; at?: number };
  return JSON.stringify({ type, nodeId, retryAt, at, $parts: part });
}

function entryOf(sql: SqlStorage, runId: string, seq: number, text: string): StoredEntry["entry"] {
  const entry = JSON.parse(text) as StoredEntry["entry"] & { $parts?: number };
  if (entry.$parts === undefined) return entry;
  const parts = sql.exec<{ text: string }>("SELECT text FROM run_event_parts WHERE run_id = ? AND seq = ? ORDER BY part", runId, seq).toArray();
  return JSON.parse(parts.map((row) => row.text).join("")) as StoredEntry["entry"];
}

export interface StoredEntry {
  readonly seq: number;
  readonly entry: RunEvent | { note: { type: string; at: number; text: string } };
  readonly runner: string | null;
}

export function readRunEntries(sql: SqlStorage, runId: string, afterSeq = 0): StoredEntry[] {
  return sql
    .exec<{ seq: number; event: string; runner: string | null }>("SELECT seq, event, runner FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq", runId, afterSeq)
    .toArray()
    .map((row) => ({ seq: row.seq, entry: entryOf(sql, runId, row.seq, row.event), runner: row.runner }));
}

/** The engine's log alone, as a runner resumes it. */
export function engineLog(entries: readonly StoredEntry[]): RunEvent[] {
  return entries.flatMap((stored) => ("note" in stored.entry ? [] : [stored.entry]));
}

export function getRunRow(sql: SqlStorage, runId: string): RunRow | undefined {
  return sql.exec<RunRow>("SELECT * FROM runs WHERE run_id = ?", runId).toArray()[0];
}

/** `GET /api/runs/:id`: the CLI's `--json` shape plus the flow, version and each node's runner. */
export function runView(row: RunRow, entries: readonly StoredEntry[], delegated: ReadonlyMap<string, string>) {
  const state: RunState = foldRunLog(engineLog(entries));
  const runners = new Map<string, string>();
  for (const stored of entries) if (!("note" in stored.entry) && stored.entry.type === "node.started" && stored.runner) runners.set(stored.entry.nodeId, stored.runner);
  for (const [nodeId, runner] of delegated) runners.set(nodeId, runner);
  const nodes: Record<string, unknown> = Object.create(null);
  for (const node of state.flow.nodes) {
    const record = state.nodes[node.id]!;
    nodes[node.id] = {
      status: record.status,
      attempts: record.attempts,
      ...(runners.has(node.id) ? { runner: runners.get(node.id) } : {}),
      ...(record.output !== undefined ? { output: record.output } : {}),
      ...(record.error ? { error: { code: record.error.code, message: record.error.message } } : {}),
      startedAt: iso(record.startedAt),
      finishedAt: iso(record.finishedAt),
    };
  }
  const notes = entries.flatMap((stored) => ("note" in stored.entry ? [stored.entry.note] : []));
  return {
    runId: row.run_id,
    flowId: row.flow_id,
    version: row.version,
    status: row.status,
    trigger: row.trigger,
    ...(row.trigger_node ? { triggerNode: row.trigger_node } : {}),
    startedAt: iso(row.started_at),
    ...(row.finished_at ? { finishedAt: iso(row.finished_at) } : {}),
    ...(row.error ? { error: JSON.parse(row.error) as unknown } : {}),
    ...(row.waiting_for ? { waitingFor: row.waiting_for } : {}),
    nodes,
    notes,
  };
}

const iso = (time: number | null | undefined) => (time === undefined || time === null ? null : new Date(time).toISOString());

export function summaryView(row: RunRow) {
  return { runId: row.run_id, flowId: row.flow_id, version: row.version, status: row.status, trigger: row.trigger, ...(row.trigger_node ? { triggerNode: row.trigger_node } : {}), startedAt: iso(row.started_at), finishedAt: iso(row.finished_at), ...(row.waiting_for ? { waitingFor: row.waiting_for } : {}) };
}

/** Nodes of a run that ran on another runner than the run's own (handed over through the hub). */
export function delegatedRunners(sql: SqlStorage, runId: string): Map<string, string> {
  return new Map(sql.exec<{ node_id: string; runner: string }>("SELECT node_id, runner FROM node_runners WHERE run_id = ?", runId).toArray().map((row) => [row.node_id, row.runner]));
}

/** Every runner that worked on a run (its own and those of handed-over nodes), sorted: the runs list's Runner column and filter. */
export function runnersOfRun(sql: SqlStorage, runId: string): string[] {
  const rows = sql.exec<{ runner: string }>("SELECT DISTINCT runner FROM run_events WHERE run_id = ? AND runner IS NOT NULL UNION SELECT runner FROM node_runners WHERE run_id = ?", runId, runId).toArray();
  return rows.map((row) => row.runner).sort();
}
