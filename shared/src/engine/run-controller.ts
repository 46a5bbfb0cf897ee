import type { CompiledFlow } from "../flow/compile-flow.ts";
import { ErrorCode, NexusError, toErrorData, type ErrorData } from "../errors/index.ts";
import type { JsonValue } from "../json.ts";
import { applyEvent, applyNodeEvent, type NodeEvent, type RunState } from "./run-state.ts";
import { isTerminal, NodeStatus, RunStatus, type ApprovalDecision, type RunError, type RunEvent } from "./run-event.ts";
import { defaultConcurrency, type RunOptions, type RunPorts } from "./ports.ts";
import { nodeInput, outputOnPort, passPort } from "./node-input.ts";
import { createUpstreamIndex } from "./upstream.ts";
import { Attempt, type AttemptHost, type AttemptOutcome } from "./attempt.ts";
import { retryDelayMs } from "./retry-policy.ts";
import { createPayloadGuard } from "./payload-guard.ts";
import { capErrorData } from "./cap-error.ts";
import { defaultMaxPayloadBytes } from "../json-limits.ts";
import { ownValue } from "../dict.ts";


/** A run in progress. State goes out as plain data; commands come in as method calls. */
export interface RunHandle {
  readonly runId: string;
  /** Live state; read it, never write it. */
  readonly state: Readonly<RunState>;
  /** Settles with the final state once the run has finished and its log is appended. */
  readonly done: Promise<RunState>;
  /** Cancels the run: running nodes are aborted, the run ends `cancelled` (SPEC rule X1). */
  cancel(reason?: string): void;
  /** Approves or rejects an approval node, before or while it waits (SPEC rule A2). */
  signal(nodeId: string, decision: ApprovalDecision): void;
}

/**
 * Drives a run from its folded state to the end. The same code starts a fresh run and
 * resumes one from its log: it only ever looks at the state (SPEC rules L2, L3).
 *
 * Scheduling is counter based (each node counts its unresolved incoming edges), so a
 * 10,000-input join costs O(edges), not O(edges²). Every change happens inside `step`,
 * which folds the events, flushes them to the sink as one batch, and only then starts the
 * executors the step made ready, so a node's start is in the log before its side effects.
 */
export function driveRun(compiled: CompiledFlow, state: RunState, ports: RunPorts, options: RunOptions = {}, seed: RunEvent[] = []): RunHandle {
  const { clock } = ports;
  const nodes = compiled.nodes;
  const cap = options.concurrency ?? compiled.flow.settings?.concurrency ?? defaultConcurrency;
  const unresolved = Int32Array.from(nodes, (node) => node.inEdges.length);
  const skippedInputs = new Int32Array(nodes.length);
  const queue: number[] = [];
  let queueHead = 0;
  const waitingApprovals = new Set<number>();
  const inFlight = new Map<number, Attempt>();
  const runAbort = new AbortController();
  let pendingTimers = 0;
  let terminalCount = 0;
  let stopping = false;
  let finished = false;
  let stepDepth = 0;
  let batch: RunEvent[] = seed;
  let launches: Attempt[] = [];
  /** Attempts that ended and their outcomes, in step (no pair per attempt: read by index, not destructured). */
  let completed: Attempt[] = [];
  let outcomes: AttemptOutcome[] = [];
  let lastAppend: Promise<void> | undefined;
  const settled: number[] = [];
  const isUpstream = createUpstreamIndex(compiled);
  const checkPayload = createPayloadGuard(compiled.flow);
  let resolveDone!: (state: RunState) => void;
  let rejectDone!: (error: unknown) => void;
  const done = new Promise<RunState>((resolve, reject) => ((resolveDone = resolve), (rejectDone = reject)));

  const attemptHost: AttemptHost = {
    compiled,
    state,
    services: { ...ports.services, now: () => clock.now() },
    maxPayloadBytes: compiled.flow.settings?.maxPayloadBytes ?? defaultMaxPayloadBytes,
    nodeOutput(node, id) {
      const index = compiled.indexOf.get(id);
      if (index === undefined || !isUpstream(node.index, index)) return undefined;
      const record = state.nodes[id]!;
      return isTerminal(record.status) ? record.output : undefined;
    },
    // Attempts that end in the same microtask turn are handled in one step: one log append.
    settled(attempt, outcome) {
      outcomes.push(outcome);
      if (completed.push(attempt) === 1) Promise.resolve().then(drainCompletions);
    },
  };

  function drainCompletions(): void {
    const attempts = completed;
    const theirOutcomes = outcomes;
    completed = [];
    outcomes = [];
    step(() => {
      for (let i = 0; i < attempts.length; i++) onAttemptSettled(attempts[i]!, theirOutcomes[i]!);
    });
  }

  // 1. Fold and flush. Every state change goes through `emit`.
  function emit(event: RunEvent): void {
    // A node's record is looked up once for the fold and the count, not three times: a
    // 10,000-node run emits 30,000 node events, each a look-up by id among 10,000 keys.
    const record = "nodeId" in event ? ownValue(state.nodes, event.nodeId) : undefined;
    if (record) {
      const before = record.status;
      applyNodeEvent(state, record, event as NodeEvent);
      if (!isTerminal(before) && isTerminal(record.status)) terminalCount++;
    } else applyEvent(state, event); // run events; an unknown node's event throws there
    batch.push(event);
  }

  function step(change: () => void): void {
    if (finished) return;
    stepDepth++;
    try {
      change();
      if (stepDepth === 1) settle();
    } catch (error) {
      return void fatal(error);
    } finally {
      stepDepth--;
    }
    if (stepDepth === 0) flush();
  }

  function settle(): void {
    propagate();
    startQueued();
    if (stopping) sweep();
    if (!finished && terminalCount === nodes.length) finish();
  }

  function flush(): void {
    if (batch.length) {
      const events = batch;
      batch = [];
      try {
        const appended = ports.sink?.append(events);
        // Watched at once (a later append may fail while an earlier one is pending); never rejects.
        if (appended) lastAppend = Promise.all([lastAppend, appended]).then(() => undefined, (error: unknown) => fatal(error));
      } catch (error) {
        return fatal(error); // a log that cannot be written must stop the run, not be skipped
      }
    }
    const toLaunch = launches;
    launches = [];
    for (const attempt of toLaunch) attempt.launch(ports);
    if (!finished) reportBlocked();
  }

  // 2. Edges: a finished node resolves its outgoing edges; a node whose edges are all resolved is decided.
  function propagate(): void {
    while (settled.length) {
      const source = nodes[settled.pop()!]!;
      const record = state.nodes[source.id]!;
      for (const edge of source.outEdges) {
        if (outputOnPort(record, source, edge.port) === undefined) skippedInputs[edge.target]!++;
        if (--unresolved[edge.target]! === 0) decide(edge.target);
      }
    }
  }

  function decide(index: number): void {
    const node = nodes[index]!;
    if (state.nodes[node.id]!.status !== NodeStatus.Idle) return;
    if (stopping) return void emit({ type: "node.cancelled", nodeId: node.id, at: clock.now() });
    const allSkipped = skippedInputs[index] === node.inEdges.length && node.inEdges.length > 0;
    // SPEC rule G1: a run started by one trigger skips the flow's other triggers (and what only they feed).
    const otherTrigger = node.definition.behaviour === "trigger" && state.startAt !== undefined && state.startAt !== node.id;
    const skip = otherTrigger || (node.definition.behaviour === "merge" ? allSkipped : skippedInputs[index]! > 0);
    if (skip) {
      emit({ type: "node.skipped", nodeId: node.id, at: clock.now() });
      return void settled.push(index);
    }
    if (node.node.disabled) return passThrough(index);
    const pin = state.pinned && ownValue(state.pinned, node.id);
    if (pin !== undefined) return succeedPinned(index, pin);
    ready(index);
  }

  /** SPEC rule K3: a disabled node does not run; its input goes on along its pass-through port. */
  function passThrough(index: number): void {
    const node = nodes[index]!;
    const output = nodeInput(compiled, state, node);
    const problem = node.inEdges.length > 1 ? checkPayload(output, `node "${node.id}" output`, "output") : undefined;
    if (problem) return fail(index, 1, problem, false);
    const port = passPort(node.definition);
    emit({ type: "node.skipped", nodeId: node.id, at: clock.now(), reason: "disabled", output, ...(port === undefined ? {} : { port }) });
    settled.push(index);
  }

  /** SPEC rule N1: a pinned node succeeds at once with its pinned data (attempt 0: it never ran). */
  function succeedPinned(index: number, output: JsonValue): void {
    const node = nodes[index]!;
    // The branch it was pinned from (a condition's `false`), else the port K3 names.
    const port = (state.pinnedPorts && ownValue(state.pinnedPorts, node.id)) ?? passPort(node.definition);
    emit({ type: "node.succeeded", nodeId: node.id, attempt: 0, output, at: clock.now(), pinned: true, ...(port === undefined ? {} : { port }) });
    settled.push(index);
  }

  // 3. Starting nodes: control nodes act at once; tasks take a concurrency slot.
  function ready(index: number, attempt = state.nodes[nodes[index]!.id]!.attempts + 1): void {
    const node = nodes[index]!;
    const at = clock.now();
    switch (node.definition.behaviour) {
      case "trigger":
      case "merge": {
        emit({ type: "node.started", nodeId: node.id, attempt, at });
        const output = nodeInput(compiled, state, node);
        const problem = node.inEdges.length > 1 ? checkPayload(output, `node "${node.id}" output`, "output") : undefined;
        return problem ? fail(index, attempt, problem, false) : succeed(index, attempt, output);
      }
      case "delay":
        return wait(index, attempt, at + (node.node.type === "delay" ? node.node.config.ms : 0));
      case "approval":
        return wait(index, attempt);
      case "task":
        // Behind nodes already queued, never ahead of them (SPEC rule S4).
        if (inFlight.size < cap && !stopping && queueHead === queue.length) return startTask(index, attempt);
        emit({ type: "node.queued", nodeId: node.id, at });
        queue.push(index);
    }
  }

  function startTask(index: number, attempt: number): void {
    const node = nodes[index]!;
    emit({ type: "node.started", nodeId: node.id, attempt, at: clock.now() });
    const input = nodeInput(compiled, state, node);
    // One input is an upstream output or the run input, both checked already; several make a new object.
    const problem = node.inEdges.length > 1 ? checkPayload(input, `node "${node.id}" input`, "input") : undefined;
    if (problem) return fail(index, attempt, problem, false);
    const launched = new Attempt(attemptHost, node, attempt, input);
    inFlight.set(index, launched);
    launches.push(launched);
  }

  function startQueued(): void {
    while (queueHead < queue.length && inFlight.size < cap && !stopping) {
      const index = queue[queueHead++]!;
      if (state.nodes[nodes[index]!.id]!.status === NodeStatus.Queued) startTask(index, state.nodes[nodes[index]!.id]!.attempts + 1);
    }
  }

  function wait(index: number, attempt: number, until?: number): void {
    const node = nodes[index]!;
    const reason = until === undefined ? "approval" : "delay";
    emit({ type: "node.waiting", nodeId: node.id, attempt, at: clock.now(), reason, ...(until === undefined ? {} : { until }) });
    if (until !== undefined) return timer(until, () => succeed(index, attempt, nodeInput(compiled, state, node)));
    waitingApprovals.add(index);
    if (state.signals[node.id]) answerApproval(index);
  }

  function timer(at: number, fire: () => void): void {
    pendingTimers++;
    clock.sleep(Math.max(0, at - clock.now()), runAbort.signal).then(
      () => step(() => (pendingTimers--, fire())),
      () => pendingTimers--,
    );
  }

  // 4. Outcomes.
  function succeed(index: number, attempt: number, output: JsonValue, port?: string): void {
    const event: RunEvent = { type: "node.succeeded", nodeId: nodes[index]!.id, attempt, output, at: clock.now() };
    emit(port === undefined ? event : { ...event, port });
    settled.push(index);
  }

  function onAttemptSettled(attempt: Attempt, outcome: AttemptOutcome): void {
    const index = attempt.node.index;
    if (inFlight.get(index) !== attempt) return; // cancelled meanwhile: the result is stale
    inFlight.delete(index);
    if (!outcome.ok) return fail(index, attempt.attempt, outcome.error, true);
    const problem = checkPayload(outcome.result.output, `node "${attempt.nodeId}" output`, "output");
    if (problem) return fail(index, attempt.attempt, problem, false);
    succeed(index, attempt.attempt, outcome.result.output, outcome.result.port);
  }

  function fail(index: number, attempt: number, thrown: ErrorData, mayRetry: boolean): void {
    const node = nodes[index]!;
    const error = capErrorData(thrown); // a 20 MB thrown message must not be logged (twice) whole
    const at = clock.now();
    const policy = node.node.retry;
    if (mayRetry && error.retryable && policy && attempt < policy.maxAttempts) {
      if (stopping) return; // not finished, and nothing new starts: `sweep` cancels it (SPEC rule E2)
      const retryAt = at + retryDelayMs(policy, attempt, ports.random ?? Math.random, error.retryAfterMs);
      emit({ type: "node.failed", nodeId: node.id, attempt, error, at, retryAt });
      return timer(retryAt, () => ready(index, attempt + 1));
    }
    if (node.node.onError === "continue") {
      emit({ type: "node.failed", nodeId: node.id, attempt, error, at, output: { error: { code: error.code, message: error.message } } });
      return void settled.push(index);
    }
    emit({ type: "node.failed", nodeId: node.id, attempt, error, at });
    stopFailed(node.id, error);
  }

  function stopFailed(nodeId: string, error: ErrorData): void {
    stop(RunStatus.Failed, { ...error, message: `node "${nodeId}" failed: ${error.message}`, nodeId });
  }

  function answerApproval(index: number): void {
    const node = nodes[index]!;
    const decision = state.signals[node.id]!;
    waitingApprovals.delete(index);
    const attempt = state.nodes[node.id]!.attempts;
    if (decision.approved) return succeed(index, attempt, nodeInput(compiled, state, node));
    const by = decision.by ? ` by ${decision.by}` : "";
    const comment = decision.comment ? `: ${decision.comment}` : "";
    fail(index, attempt, { code: ErrorCode.Rejected, message: `rejected${by}${comment}`, retryable: false }, false);
  }

  // 5. Stopping and finishing.
  let stopError: RunError | undefined;
  type FinalStatus = Exclude<RunStatus, "running">;
  let stopStatus: FinalStatus = RunStatus.Succeeded;

  function stop(status: FinalStatus, error: RunError): void {
    if (stopping) return;
    stopping = true;
    stopStatus = status;
    stopError = error;
  }

  /** Once stopping: nothing new starts; everything not finished ends `cancelled` (SPEC rule F2). */
  function sweep(): void {
    runAbort.abort();
    for (const [index, attempt] of inFlight) {
      inFlight.delete(index);
      attempt.abort(new NexusError({ code: ErrorCode.Cancelled, message: "run stopped", retryable: false }));
    }
    for (const node of nodes) {
      if (!isTerminal(state.nodes[node.id]!.status)) emit({ type: "node.cancelled", nodeId: node.id, at: clock.now() });
    }
    waitingApprovals.clear();
    finish();
  }

  function finish(): void {
    if (finished) return;
    const status = stopping ? stopStatus : RunStatus.Succeeded;
    emit({ type: "run.finished", status, at: clock.now(), ...(stopError ? { error: stopError } : {}) });
    finished = true;
    runAbort.abort();
    (lastAppend ?? Promise.resolve()).then(() => resolveDone(state), rejectDone);
  }

  function fatal(error: unknown): void {
    // Also after `finish`: the append that failed may be the one carrying run.finished.
    rejectDone(error instanceof NexusError ? error : new NexusError(toErrorData(error)));
    if (finished) return;
    finished = true;
    runAbort.abort();
    for (const attempt of inFlight.values()) attempt.abort(error);
  }

  function reportBlocked(): void {
    if (inFlight.size || pendingTimers || queueHead < queue.length || !waitingApprovals.size) return;
    options.onBlocked?.([...waitingApprovals].map((index) => nodes[index]!.id));
  }

  // 6. Public commands.
  function cancel(reason = "cancelled"): void {
    step(() => {
      if (stopping) return;
      emit({ type: "run.cancelling", reason, at: clock.now() });
      stop(RunStatus.Cancelled, { code: ErrorCode.Cancelled, message: reason, retryable: false });
    });
  }

  function signal(nodeId: string, decision: ApprovalDecision): void {
    const index = approvalIndex(nodeId);
    step(() => {
      emit({ type: "node.signalled", nodeId, decision, at: clock.now() });
      if (waitingApprovals.has(index)) answerApproval(index);
    });
  }

  function approvalIndex(nodeId: string): number {
    const index = compiled.indexOf.get(nodeId);
    if (index === undefined || nodes[index]!.definition.behaviour !== "approval") {
      throw new NexusError({ code: "NOT_AN_APPROVAL", message: `"${nodeId}" is not an approval node of this flow`, retryable: false });
    }
    if (isTerminal(state.nodes[nodeId]!.status)) {
      throw new NexusError({ code: "NOT_WAITING", message: `approval "${nodeId}" has already ${state.nodes[nodeId]!.status}`, retryable: false });
    }
    return index;
  }

  // 7. Pick the run up wherever its state says it is.
  step(() => {
    if (state.status !== RunStatus.Running) {
      finished = true;
      return void resolveDone(state);
    }
    for (const [nodeId, decision] of Object.entries(options.signals ?? {})) {
      approvalIndex(nodeId);
      emit({ type: "node.signalled", nodeId, decision, at: clock.now() });
    }
    if (state.cancelRequested) stop(RunStatus.Cancelled, { code: ErrorCode.Cancelled, message: state.cancelReason ?? "cancelled", retryable: false });
    nodes.forEach((node) => resumeFinished(node.index));
    // A run the log says is stopping (cancel requested, a final failure) starts nothing: `sweep` cancels the rest.
    if (!stopping) nodes.forEach((node) => resumeNode(node.index));
  });

  function resumeFinished(index: number): void {
    const node = nodes[index]!;
    const record = state.nodes[node.id]!;
    if (!isTerminal(record.status)) return;
    if (record.status === NodeStatus.Failed && record.output === undefined) stopFailed(node.id, record.error!);
    terminalCount++;
    settled.push(index);
  }

  function resumeNode(index: number): void {
    const node = nodes[index]!;
    const record = state.nodes[node.id]!;
    switch (record.status) {
      case NodeStatus.Idle:
        return node.inEdges.length === 0 ? decide(index) : undefined;
      case NodeStatus.Queued:
        return void queue.push(index);
      case NodeStatus.Running:
        // In flight when the host died: the same attempt again, with the same idempotency key.
        return node.definition.behaviour === "task" ? startTask(index, record.attempts) : ready(index, record.attempts);
      case NodeStatus.Retrying:
        return timer(record.retryAt!, () => ready(index, record.attempts + 1));
      case NodeStatus.Waiting:
        return record.wakeAt !== undefined
          ? timer(record.wakeAt, () => succeed(index, record.attempts, nodeInput(compiled, state, node)))
          : (waitingApprovals.add(index), state.signals[node.id] ? answerApproval(index) : undefined);
    }
  }

  return { runId: state.runId, state, done, cancel, signal };
}
