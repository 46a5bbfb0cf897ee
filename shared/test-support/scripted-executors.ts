import { NexusError, ownValue, type ErrorData, type JsonValue, type NodeExecution, type NodeExecutor, type NodeResult } from "../src/index.ts";
import type { Clock } from "../src/engine/ports.ts";

/** What one executor call saw. */
export interface ExecutorCall {
  readonly nodeId: string;
  readonly attempt: number;
  readonly input: JsonValue;
  readonly idempotencyKey: string;
  readonly at: number;
}

/** How one node behaves when its executor is called. */
export type Script = (execution: NodeExecution) => Promise<NodeResult> | NodeResult;

/**
 * A host executor that runs a script per node id and records every call: order, attempts,
 * inputs, how many ran at once, and which attempts saw their AbortSignal fire.
 * @example const x = scriptedExecutor({ b: failTimes(2) }); startRun(req, { clock, executors: { noop: x.executor } })
 */
export function scriptedExecutor(byNode: Readonly<Record<string, Script>> = {}, fallback: Script = passThrough, now: () => number = () => 0) {
  const calls: ExecutorCall[] = [];
  const aborted: string[] = [];
  const recorder = { calls, aborted, active: 0, maxActive: 0, executor: undefined as unknown as NodeExecutor };
  recorder.executor = async (execution) => {
    const { nodeId, attempt, input, idempotencyKey } = execution;
    calls.push({ nodeId, attempt, input, idempotencyKey, at: now() });
    execution.signal.addEventListener("abort", () => void aborted.push(`${nodeId}#${attempt}`), { once: true });
    recorder.maxActive = Math.max(recorder.maxActive, ++recorder.active);
    try {
      return await (ownValue(byNode, nodeId) ?? fallback)(execution);
    } finally {
      recorder.active--;
    }
  };
  return recorder;
}

/** Calls of one node, in order. */
export function callsOf(calls: readonly ExecutorCall[], nodeId: string): ExecutorCall[] {
  return calls.filter((call) => call.nodeId === nodeId);
}

export const passThrough: Script = (execution) => ({ output: execution.input });

export function output(value: JsonValue, port?: string): Script {
  return () => (port === undefined ? { output: value } : { output: value, port });
}

export function retryableError(message = "flaky", extra: Partial<ErrorData> = {}): NexusError {
  return new NexusError({ code: "FLAKY", message, retryable: true, ...extra });
}

export function finalError(message = "broken", code = "BROKEN"): NexusError {
  return new NexusError({ code, message, retryable: false });
}

/** Throws `error` on attempts 1..n, then runs `then`. Keyed on the attempt number, so a resumed run behaves the same. */
export function failTimes(n: number, error: (attempt: number) => Error = (a) => retryableError(`attempt ${a} failed`), then: Script = passThrough): Script {
  return (execution) => {
    if (execution.attempt <= n) throw error(execution.attempt);
    return then(execution);
  };
}

export function throws(error: Error): Script {
  return () => {
    throw error;
  };
}

/** Never settles by itself; rejects with the abort reason once the attempt's signal fires. */
export function hang(): Script {
  return (execution) =>
    new Promise<NodeResult>((_resolve, reject) => {
      const { signal } = execution;
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
}

/** Waits `ms` on the clock (aborted with the attempt), then runs `then`. */
export function after(clock: Clock, ms: number, then: Script = passThrough): Script {
  return async (execution) => {
    await clock.sleep(ms, execution.signal);
    return then(execution);
  };
}

/** A promise with its resolve function outside, to release a script from the test. */
export function gate<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}
