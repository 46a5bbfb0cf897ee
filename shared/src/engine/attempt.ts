import type { CompiledFlow, CompiledNode } from "../flow/compile-flow.ts";
import { ErrorCode, NexusError, toErrorData, type ErrorData } from "../errors/index.ts";
import type { JsonValue } from "../json.ts";
import type { NodeExecution, NodeResult, NodeServices } from "../nodes/node-definition.ts";
import type { Clock, RunPorts } from "./ports.ts";
import type { RunState } from "./run-state.ts";

export type AttemptOutcome = { readonly ok: true; readonly result: NodeResult } | { readonly ok: false; readonly error: ErrorData };

/** Where an attempt reads upstream outputs and reports its end. */
export interface AttemptHost {
  readonly compiled: CompiledFlow;
  readonly state: RunState;
  readonly services: NodeServices;
  readonly maxPayloadBytes: number;
  nodeOutput(node: CompiledNode, id: string): JsonValue | undefined;
  settled(attempt: Attempt, outcome: AttemptOutcome): void;
}

/**
 * One attempt of one task node: the `NodeExecution` its executor sees. A class rather than
 * an object of closures because a 10,000-node run creates 10,000 of them; and its
 * AbortSignal is made only if the executor asks for it (Node's AbortController is costly).
 */
export class Attempt implements NodeExecution {
  readonly runId: string;
  readonly runInput: JsonValue;
  readonly nodeId: string;
  readonly config: unknown;
  readonly idempotencyKey: string;
  readonly services: NodeServices;
  readonly maxPayloadBytes: number;
  readonly timeoutMs: number | undefined;
  aborted = false;
  private controller: AbortController | undefined;
  private abortReason: unknown;

  constructor(
    private readonly host: AttemptHost,
    readonly node: CompiledNode,
    readonly attempt: number,
    readonly input: JsonValue,
  ) {
    this.runId = host.state.runId;
    this.runInput = host.state.input;
    this.nodeId = node.id;
    this.config = node.node.config;
    this.idempotencyKey = `${this.runId}:${node.id}`;
    this.services = host.services;
    this.maxPayloadBytes = host.maxPayloadBytes;
    this.timeoutMs = node.node.timeoutMs;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  nodeOutput(id: string): JsonValue | undefined {
    return this.host.nodeOutput(this.node, id);
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortReason = reason;
    this.controller?.abort(reason);
  }

  /**
   * Calls the executor; reports the outcome to the host exactly once. An executor that answers
   * at once (a quick transform in the sandbox's in-thread lane) is reported at once, with no
   * promise in between; the host batches outcomes per microtask turn either way.
   */
  launch(ports: RunPorts): void {
    if (this.aborted) return;
    let answer: Promise<NodeResult> | NodeResult;
    try {
      answer = invoke(this, ports);
    } catch (error) {
      answer = Promise.reject(error);
    }
    const timeoutMs = this.node.node.timeoutMs;
    if (!isThenable(answer) && timeoutMs === undefined) return this.host.settled(this, checkResult(this.node, answer));
    let pending = Promise.resolve(answer);
    if (timeoutMs !== undefined) pending = withTimeout(pending, timeoutMs, this, ports.clock);
    pending.then(
      (result) => this.host.settled(this, checkResult(this.node, result)),
      (error) => this.host.settled(this, { ok: false, error: toErrorData(error) }),
    );
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/** The executor's answer; throws what the executor throws. */
function invoke(attempt: Attempt, ports: RunPorts): Promise<NodeResult> | NodeResult {
  const type = attempt.node.node.type;
  const executor = ports.executorFor?.(attempt.node.node) ?? ports.executors?.[type] ?? attempt.node.definition.execute;
  if (!executor) throw new NexusError({ code: ErrorCode.NoExecutor, message: `this host cannot run "${type}" nodes`, retryable: false });
  return executor(attempt);
}

/** SPEC rule R3: each attempt gets `timeoutMs`; a timeout aborts the attempt and may be retried. */
function withTimeout(pending: Promise<NodeResult>, ms: number, attempt: Attempt, clock: Clock): Promise<NodeResult> {
  const timerAbort = new AbortController();
  const timeout = clock.sleep(ms, timerAbort.signal).then((): never => {
    const error = new NexusError({ code: ErrorCode.Timeout, message: `attempt timed out after ${ms} ms`, retryable: true });
    attempt.abort(error);
    throw error;
  });
  return Promise.race([pending, timeout]).finally(() => timerAbort.abort());
}

function checkResult(node: CompiledNode, result: NodeResult): AttemptOutcome {
  if (typeof result !== "object" || result === null) {
    return { ok: false, error: { code: ErrorCode.Internal, message: `executor of "${node.node.type}" returned no result`, retryable: false } };
  }
  if (result.port !== undefined && !node.definition.outputs.includes(result.port)) {
    return { ok: false, error: { code: ErrorCode.Internal, message: `executor chose unknown port "${result.port}"`, retryable: false } };
  }
  return { ok: true, result: result.output === undefined ? { ...result, output: null } : result };
}
