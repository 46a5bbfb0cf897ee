/**
 * What the page and the engine worker say to each other over Comlink. Everything here is
 * plain data (structured-clone safe); errors come back as `ErrorData`, never as thrown
 * class instances, because `instanceof` does not survive the worker boundary.
 */
import type { ApprovalDecision, ErrorData, Flow, FlowEdge, FlowIssue, FlowNode, JsonValue, NodeRecord, RerunOrigin, RunEvent, RunState } from "@nexus-flow/shared";

import type { JobNote } from "./job-notes.ts";

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorData };

/** A slice of one run's log, in order. The page folds these into the live `RunState`. */
export interface EventBatch {
  readonly runId: string;
  /** Index in the run's log of `events[0]`; the page drops what it already has. */
  readonly from: number;
  readonly events: readonly RunEvent[];
  /**
   * Set once the worker stopped driving the run and its log is durable: the run finished,
   * or the worker gave up on it (`fault`, e.g. the log could not be written).
   */
  readonly settled?: true;
  readonly fault?: ErrorData;
}

/** A run's whole log as the worker has it now. */
export interface RunSnapshot {
  readonly runId: string;
  readonly events: readonly RunEvent[];
}

export interface StartCommand {
  /** Chosen by the page (a UUID), so it can follow the run's events from the first batch. */
  readonly runId: string;
  readonly flow: Flow;
  readonly input: JsonValue;
  /** A partial re-run (see `planRerun`): where it came from and the records it reuses. */
  readonly rerunOf?: RerunOrigin;
  readonly reuse?: Readonly<Record<string, NodeRecord>>;
  /** Outputs pinned in the editor, by node id: those nodes use them instead of running (SPEC rule N1). */
  readonly pinned?: Readonly<Record<string, JsonValue>>;
  /** The port each pinned node sends on, where not its first (the branch it was pinned from). */
  readonly pinnedPorts?: Readonly<Record<string, string>>;
}

export interface AttachResult {
  /** Runs of the flow this worker drives now (just resumed, or still going), oldest first. */
  readonly live: readonly RunSnapshot[];
  /** Unfinished runs another tab drives; this worker takes them over if that tab goes away. */
  readonly elsewhere: readonly string[];
}

/** A flow checked by the validator: the valid flow, or what is wrong with it (with paths). */
export type FlowCheck = { readonly ok: true; readonly flow: Flow } | { readonly ok: false; readonly issues: FlowIssue[] };

/** A partial re-run, planned: the checked draft and the records it reuses (see `planRerun`). */
export interface PlannedRerun {
  readonly flow: Flow;
  readonly rerunOf: RerunOrigin;
  readonly reuse: Readonly<Record<string, NodeRecord>>;
}

/** "Run this node", planned (single-node-run.ts): the node and its upstream, reusing their results. */
export interface PlannedSingle {
  readonly flow: Flow;
  readonly rerunOf?: RerunOrigin;
  readonly reuse?: Readonly<Record<string, NodeRecord>>;
}

/**
 * Validation, for the page: the validator (zod schema, graphology cycle check) lives in
 * the worker only, so the page's bundle stays small. Implemented in flow-checks.ts.
 */
export interface FlowChecksApi {
  /** Validates a draft (`readFlow(doc)`) or any untrusted document. */
  validate(draft: unknown): Promise<FlowCheck>;
  /** Validates a flow file's text; text that is not JSON is reported with line and column. */
  /** A flow file's text, or its bytes (UTF-8; a byte-order mark is accepted). */
  parseFlowFile(text: string | Uint8Array): Promise<FlowCheck>;
  /** Checks the draft and plans a re-run of it from `fromNode` reusing `source`'s results; `INVALID_FLOW` if the draft has issues. */
  planRerun(source: RunState, draft: unknown, fromNode: string): Promise<Result<PlannedRerun>>;
  /** Checks the draft and plans "Run this node" with the input recorded in `source`; `INVALID_FLOW` if the draft has issues. */
  planSingleNode(source: RunState | undefined, draft: unknown, nodeId: string): Promise<Result<PlannedSingle>>;
  /** Keeps the pasted nodes and edges that are valid flow data; edges must join kept nodes. */
  cleanFragment(nodes: readonly unknown[], edges: readonly unknown[]): Promise<{ nodes: FlowNode[]; edges: FlowEdge[] }>;
}

/** The engine worker's API (app/src/runs/engine-worker.ts). */
export interface EngineWorkerApi extends FlowChecksApi {
  /** Sets where event batches go: at most one call per `batchIntervalMs`, every run at once. */
  connect(listener: (batches: EventBatch[]) => void): void;
  /** Sets where notes about runner-placed nodes go (queued, started on a runner, lost, log lines): the latest note per node, in batches like events. */
  connectJobNotes(listener: (notes: JobNote[]) => void): void;
  /** Deletes runs older than the history retention setting; the page calls it once at start-up. */
  pruneHistory(): Promise<Result<number>>;
  /** Resolves once runs can start without waiting (database open, QuickJS loaded in the code workers). */
  ready(): Promise<void>;
  /** Validates and starts a run of `flow`; its log reaches the page as batches from index 0. */
  start(command: StartCommand): Promise<Result<void>>;
  /** Resumes the flow's interrupted runs (those no live tab holds) and lists its live runs. */
  attach(flowId: string): Promise<Result<AttachResult>>;
  /** The log of a run this worker drives, or `undefined`. */
  snapshot(runId: string): Promise<RunSnapshot | undefined>;
  cancel(runId: string, reason?: string): Promise<Result<void>>;
  signal(runId: string, nodeId: string, decision: ApprovalDecision): Promise<Result<void>>;
}

/** The Web Locks name that guards one run: the tab whose worker holds it drives the run. */
export const runLockName = (runId: string) => `nexus-run:${runId}`;
