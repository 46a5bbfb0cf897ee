import type { FlowNode } from "../flow/flow-schema.ts";
import type { NodeExecutor, NodeServices } from "../nodes/node-definition.ts";
import type { ApprovalDecision, RunEvent } from "./run-event.ts";

/**
 * Time as the engine sees it. Hosts pass a real clock; tests pass a virtual one, so durable
 * delays and retry backoff run instantly and deterministically.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/**
 * Where the log goes. `append` is called once per scheduling step with that step's events,
 * before any executor of the step starts, so a synchronous sink makes every step durable.
 * An async sink keeps order; the run's `done` waits for its last append.
 */
export interface RunEventSink {
  append(events: readonly RunEvent[]): void | Promise<void>;
}

export interface RunPorts {
  readonly clock: Clock;
  readonly sink?: RunEventSink;
  /** I/O lent to executors (sandbox, HTTP). */
  readonly services?: Omit<NodeServices, "now">;
  /** Host executors by node type, replacing the built-in ones (a runner's, a relay's). */
  readonly executors?: Readonly<Record<string, NodeExecutor>>;
  /**
   * An executor for one node, before `executors`: how a host sends a node placed on a runner
   * (`node.runner.labels`) to the team's hub instead of running it here.
   */
  readonly executorFor?: (node: FlowNode) => NodeExecutor | undefined;
  /** Source of jitter; `Math.random` unless a test pins it. */
  readonly random?: () => number;
}

export interface RunOptions {
  /** Nodes running at once (SPEC rule S3). Default: the flow's setting, else 8. */
  readonly concurrency?: number;
  /** Approval decisions known up front (`--approve`); logged before the run moves (SPEC rule A2). */
  readonly signals?: Readonly<Record<string, ApprovalDecision>>;
  /** Called when only approvals are left and nothing else can move the run. */
  readonly onBlocked?: (waitingNodeIds: readonly string[]) => void;
}

export const defaultConcurrency = 8;
