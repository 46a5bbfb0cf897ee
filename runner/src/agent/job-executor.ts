/**
 * What a runner does with a job it holds: a `node` job runs one node attempt through the
 * shared node definitions; a `flow.run` job resumes a headless run from the log the hub
 * handed over (engine rules L2, L3), streaming each step's events back as chunks.
 */
import { defaultMaxPayloadBytes, nodeDefinition, resumeRun, toErrorData, type NodeLogLine, type NodeServices, type RunEvent, type RunPorts } from "@nexus-flow/shared";
import type { AssignedJob, FlowRunPayload, JobOutcome, NodeJobPayload, NotifyJobPayload } from "@nexus-flow/shared/protocol";
import { systemClock } from "@nexus-flow/shared/platform";

export interface JobContext {
  readonly job: AssignedJob;
  /** Aborted when the hub cancels the job or the runner gives it up. */
  readonly signal: AbortSignal;
  readonly emitEvents: (events: readonly RunEvent[]) => void;
  /** What runner nodes print, for the job's chunks (PROTOCOL.md C1). */
  readonly emitLine?: (line: NodeLogLine) => void;
  readonly services: Omit<NodeServices, "now">;
  /** This runner's own node executors (db.query, shell.exec, python), by type. */
  readonly executors?: RunPorts["executors"];
  /** Nodes of a headless run that need another runner go back through the hub (H1). */
  readonly executorFor?: RunPorts["executorFor"];
  /** Sends a `notify` job's message on one of this runner's channels. */
  readonly notify?: (payload: NotifyJobPayload, signal: AbortSignal) => Promise<unknown>;
}

export async function executeJob(context: JobContext): Promise<JobOutcome> {
  try {
    if (context.job.kind === "notify") return await executeNotify(context);
    return context.job.kind === "flow.run" ? await executeFlowRun(context) : await executeNode(context);
  } catch (error) {
    // Work stopped because the hub cancelled it says so, whatever the node made of the abort.
    if (context.signal.aborted) return { ok: false, error: { code: "CANCELLED", message: String(context.signal.reason ?? "cancelled"), retryable: false } };
    return { ok: false, error: toErrorData(error) };
  }
}

async function executeNode({ job, signal, services, executors, emitLine }: JobContext): Promise<JobOutcome> {
  const payload = job.payload as NodeJobPayload;
  const definition = nodeDefinition(payload.type);
  const execute = executors?.[payload.type] ?? definition?.execute;
  if (!definition || !execute) return { ok: false, error: { code: "NO_EXECUTOR", message: `this runner cannot run nodes of type "${payload.type}"`, retryable: false } };
  const config = definition.config.safeParse(payload.config);
  if (!config.success) return { ok: false, error: { code: "INVALID_FLOW", message: `node "${payload.nodeId}": its config is invalid: ${config.error.issues[0]?.message}`, retryable: false } };
  const result = await execute({
    runId: payload.runId,
    nodeId: payload.nodeId,
    config: config.data,
    input: payload.input as never,
    runInput: payload.runInput as never,
    attempt: payload.attempt,
    idempotencyKey: job.idempotencyKey,
    maxPayloadBytes: payload.maxPayloadBytes ?? defaultMaxPayloadBytes,
    signal,
    nodeOutput: () => undefined,
    services: { ...services, ...(emitLine ? { log: emitLine } : {}), now: () => Date.now() },
  });
  return { ok: true, output: result.output, ...(result.port !== undefined ? { port: result.port } : {}) };
}

async function executeFlowRun({ job, signal, emitEvents, emitLine, services, executors, executorFor }: JobContext): Promise<JobOutcome> {
  const payload = job.payload as FlowRunPayload;
  const events = turnBuffer(emitEvents);
  const ports: RunPorts = {
    clock: systemClock,
    sink: { append: (batch) => events.add(batch) },
    services: { ...services, ...(emitLine ? { log: emitLine } : {}) },
    ...(executors ? { executors } : {}),
    ...(executorFor ? { executorFor } : {}),
  };
  let parkedOn: (ids: readonly string[]) => void = () => {};
  const parked = new Promise<readonly string[]>((resolve) => (parkedOn = resolve));
  const handle = resumeRun(payload.log as RunEvent[], ports, { signals: payload.signals, onBlocked: (ids) => parkedOn(ids) });
  const onAbort = () => handle.cancel(String(signal.reason ?? "cancelled"));
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    const end = await Promise.race([handle.done.then((state) => ({ state, waiting: undefined })), parked.then((waiting) => ({ state: handle.state, waiting }))]);
    // Only approvals are left: the job ends and the run waits in the hub, holding no slot (H4).
    if (end.waiting) return { ok: true, output: { parked: true, waiting: [...end.waiting] } };
    return { ok: true, output: { status: end.state.status } };
  } finally {
    events.flush(); // every event leaves before the outcome (the hub stores them first)
    signal.removeEventListener("abort", onAbort);
  }
}

/**
 * The engine's events of one event-loop turn, handed on together: a chain of quick nodes runs
 * in microtasks, so its whole log goes out as one chunk (one hub commit) instead of the first
 * step alone and the rest after its acknowledgement (a round trip and a commit more). Flushed on
 * `setImmediate`, when the runner's frames leave anyway: no timer, no added wait.
 */
function turnBuffer(emit: (events: readonly RunEvent[]) => void) {
  let held: RunEvent[] = [];
  let due = false;
  const flush = () => {
    due = false;
    if (!held.length) return;
    const out = held;
    held = [];
    emit(out);
  };
  return {
    add(batch: readonly RunEvent[]) {
      held.push(...batch);
      if (!due) (due = true), setImmediate(flush);
    },
    flush,
  };
}

async function executeNotify({ job, signal, notify }: JobContext): Promise<JobOutcome> {
  if (!notify) return { ok: false, error: { code: "NO_CHANNEL", message: "this runner has no notification channels", retryable: false } };
  return { ok: true, output: (await notify(job.payload as NotifyJobPayload, signal)) ?? null };
}
