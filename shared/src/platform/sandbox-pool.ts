/**
 * The `Sandbox` port on a small pool of QuickJS workers (worker_threads on Node, Web Workers
 * in browsers), so user code never holds the engine's thread: timers, heartbeats and the log
 * go on while code spins, and parallel code nodes use the machine's cores.
 *
 * Calls made in the same turn go out together, split over the idle workers, one message per
 * worker; each worker compiles a source once and caches it. A worker heard from nowhere near
 * its current call's deadline is presumed stuck: it is terminated and replaced, that call
 * fails with its time limit, and the calls queued behind it run on the replacement. A worker
 * whose call ran out of memory is replaced too, as wasm memory never shrinks. Optionally a
 * call first gets a short slice on this thread (inline-lane.ts): the first of its source in
 * a turn, and every call of a source that is known to be quick; a chain or a fan-out of
 * small transforms is a stream of round trips otherwise.
 */
import { ErrorCode } from "../errors/index.ts";
import { PROGRESS_INTERVAL_MS, type CodeCall, type CodeKind, type CodeOutcome, type FromCodeWorker, type ToCodeWorker } from "../sandbox/code-call.ts";
import { defaultSandboxLimits, type CodeScope, type Sandbox, type SandboxCallLimits, type SandboxLimits, type SandboxResult } from "../sandbox/sandbox.ts";
import { createInlineLane, type InlineLane, type InlineLaneOptions } from "./inline-lane.ts";
import { createReadHints } from "./read-hints.ts";
import { budgetOf, failure, timeLimitFailure } from "./pool-results.ts";

/** One worker as the pool sees it; the host wraps worker_threads or a Web Worker. */
export interface CodeWorker {
  post(message: ToCodeWorker): void;
  terminate(): void;
  /** Told when the worker has calls (or starts) and when it is idle: Node unrefs idle threads. */
  setBusy?(busy: boolean): void;
}

export interface CodeWorkerEvents {
  message(message: FromCodeWorker): void;
  /** The worker died (crashed, or could not start). */
  error(reason: string): void;
}

export interface SandboxPoolOptions {
  /** Number of workers; at least 1. */
  readonly size: number;
  /** Starts one worker whose sandboxes use `limits` as their defaults. */
  readonly createWorker: (events: CodeWorkerEvents, limits: SandboxLimits) => CodeWorker;
  readonly limits?: Partial<SandboxLimits>;
  /** Lets quick calls run on this thread, each for a short slice at most (see inline-lane.ts). */
  readonly inline?: InlineLaneOptions;
  /** Time past a call's deadline before its silent worker is presumed stuck. Default 500 ms. */
  readonly graceMs?: number;
}

export interface SandboxPool extends Sandbox {
  readonly size: number;
  /** Starts the workers; resolves once each has loaded QuickJS, or the pool gave up on them (calls may be made before). */
  ready(): Promise<void>;
}

interface Pending {
  /** Made when the call leaves for a worker: a call answered on this thread needs none. */
  call: CodeCall | undefined;
  readonly kind: CodeKind;
  readonly source: string;
  readonly limits: SandboxCallLimits | undefined;
  readonly scope: CodeScope;
  /** Set when the call gets a promise: a call answered on this thread at once needs none. */
  resolve: (result: SandboxResult) => void;
  /** Milliseconds the call may run in a worker: the earlier of the code and attempt limits. */
  readonly budgetMs: number;
}

interface Slot {
  worker: CodeWorker;
  /** Calls sent and not answered, in the order the worker runs them. */
  readonly inFlight: Map<number, Pending>;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Replace this worker once it is idle. */
  retire: boolean;
  /** Deaths in a row before answering anything: a worker that cannot start. */
  failedStarts: number;
  /** QuickJS is loaded in it: from then on, its silence counts against the watchdog. */
  ready: boolean;
}

const MAX_FAILED_STARTS = 3;
const START_TIMEOUT_MS = 30_000;

/**
 * @example
 * const sandbox = createSandboxPool({ size: 2, createWorker: (events, limits) => startNodeCodeWorker(url, events, limits) });
 * await sandbox.runFunction("return input.n * 2", scope); // { ok: true, value: 42 }
 */
export function createSandboxPool(options: SandboxPoolOptions): SandboxPool {
  const base: SandboxLimits = { ...defaultSandboxLimits, ...options.limits };
  const graceMs = options.graceMs ?? 500;
  const lane: InlineLane | undefined = options.inline && createInlineLane(options.inline, base);
  const hints = createReadHints();
  const queue: Pending[] = [];
  let flushQueued = false;
  let nextId = 1;
  let disposed = false;
  let broken: string | undefined;
  const waiters: Array<() => void> = [];

  const size = Math.max(1, Math.floor(options.size));
  /**
   * Workers start with the first calls that need them, as many as those calls can use: a flow
   * without code starts none, and one call that outgrew the in-thread slice starts one (each
   * start loads a QuickJS module, ~50-100 ms of CPU), not the whole pool.
   */
  const slots: Slot[] = [];
  const startWorkers = (wanted = size) => {
    let free = 0;
    for (const slot of slots) if (slot.inFlight.size === 0 && !slot.retire) free++;
    for (; slots.length < size && free < wanted; free++) slots.push(startSlot());
  };

  function startSlot(slot?: Slot): Slot {
    const target: Slot = slot ?? { worker: undefined as unknown as CodeWorker, inFlight: new Map(), timer: undefined, retire: false, failedStarts: 0, ready: false };
    let alive = true;
    target.ready = false;
    const worker = options.createWorker(
      {
        message: (message) => alive && onMessage(target, message),
        error: (reason) => {
          if (!alive) return;
          alive = false;
          onDeath(target, reason);
        },
      },
      base,
    );
    target.worker = { post: (m) => worker.post(m), terminate: () => ((alive = false), worker.terminate()), setBusy: (busy) => worker.setBusy?.(busy) };
    if (target.timer !== undefined) clearTimeout(target.timer);
    target.timer = setTimeout(() => {
      target.worker.terminate();
      onDeath(target, `it did not start within ${START_TIMEOUT_MS / 1000} s`);
    }, START_TIMEOUT_MS);
    return target;
  }

  /** A call answered on this thread is answered at once; one for later or for a worker, with a promise. */
  function submit(kind: CodeKind, source: string, scope: CodeScope, limits: SandboxCallLimits | undefined): SandboxResult | Promise<SandboxResult> {
    if (disposed) throw new Error("This sandbox was disposed");
    if (broken) return Promise.resolve(failure(ErrorCode.Internal, broken, false));
    const pending: Pending = { call: undefined, kind, source, limits, scope, resolve: undefined!, budgetMs: budgetOf(base, limits) };
    const taken = lane ? lane.take(pending) : "worker";
    if (typeof taken === "object") return taken;
    const promise = new Promise<SandboxResult>((settle) => (pending.resolve = settle));
    if (taken === "later") lane!.wait(pending, () => toWorkers(pending));
    else toWorkers(pending);
    return promise;
  }

  function toWorkers(pending: Pending): void {
    if (disposed || broken) return pending.resolve(failure(ErrorCode.Internal, broken ?? "The sandbox was disposed", false));
    queue.push(pending);
    if (!flushQueued) {
      flushQueued = true;
      queueMicrotask(flush);
    }
  }

  function flush(): void {
    flushQueued = false;
    dispatch();
  }

  /** Splits the queue over the idle workers, one message each. */
  function dispatch(): void {
    if (disposed || queue.length === 0) return;
    startWorkers(queue.length);
    const idle = slots.filter((slot) => slot.inFlight.size === 0 && !slot.retire);
    const share = Math.ceil(queue.length / Math.max(1, idle.length));
    for (const slot of idle) {
      const batch = queue.splice(0, share);
      if (batch.length === 0) break;
      const calls = batch.map(callOf);
      for (const pending of batch) slot.inFlight.set(pending.call!.id, pending);
      slot.worker.post({ type: "run", calls });
      slot.worker.setBusy?.(true);
      armWatchdog(slot);
    }
  }

  /** The call as it travels to a worker, with the values its source is known to read. */
  function callOf(pending: Pending): CodeCall {
    if (pending.call) return pending.call;
    const { kind, source, scope, limits } = pending;
    const reads = hints.of(source);
    pending.call = {
      id: nextId++,
      kind,
      source,
      input: scope.input,
      runId: scope.runId,
      nodes: reads.ids.map((id) => [id, scope.nodeOutput(id)] as const),
      ...(reads.runInput ? { runInput: { value: scope.runInput } } : {}),
      limits,
    };
    return pending.call;
  }

  /** The current call started at most one progress interval after the worker last spoke. */
  function armWatchdog(slot: Slot): void {
    if (!slot.ready) return; // the start-up timer runs
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    slot.timer = undefined;
    const current = slot.inFlight.values().next().value;
    if (!current) return;
    let longest = 0;
    for (const pending of slot.inFlight.values()) longest = Math.max(longest, pending.budgetMs);
    slot.timer = setTimeout(() => onStuck(slot), PROGRESS_INTERVAL_MS + longest + graceMs);
  }

  function onMessage(slot: Slot, message: FromCodeWorker): void {
    if (message.type === "failed") return onDeath(slot, message.message);
    if (message.type === "ready") {
      slot.ready = true;
      if (slots.every((each) => each.ready)) for (const resolve of waiters.splice(0)) resolve();
      if (slot.inFlight.size === 0) slot.worker.setBusy?.(false);
      return armWatchdog(slot);
    }
    slot.failedStarts = 0;
    const retries: Pending[] = [];
    for (const outcome of message.outcomes) {
      const pending = slot.inFlight.get(outcome.id);
      if (!pending) continue;
      slot.inFlight.delete(outcome.id);
      if ("result" in outcome) {
        if (!outcome.result.ok && outcome.result.error.code === ErrorCode.CodeMemory) slot.retire = true;
        pending.resolve(outcome.result);
      } else {
        retries.push(withReads(pending, outcome));
      }
    }
    queue.unshift(...retries);
    if (slot.inFlight.size > 0) return armWatchdog(slot);
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.worker.setBusy?.(false);
    if (slot.retire) replace(slot);
    dispatch();
  }

  /** Adds what the code read to the call; the hints remember it for the next call of this source. */
  function withReads(pending: Pending, outcome: Extract<CodeOutcome, { needs: readonly string[] }>): Pending {
    const { scope } = pending;
    const call = pending.call!;
    hints.learn(call.source, outcome);
    const known = new Set(call.nodes.map(([id]) => id));
    const added = outcome.needs.filter((id) => !known.has(id));
    const nodes = [...call.nodes, ...added.map((id) => [id, scope.nodeOutput(id)] as const)];
    const runInput = call.runInput ?? (outcome.needsRunInput ? { value: scope.runInput } : undefined);
    return { ...pending, call: { ...call, nodes, ...(runInput ? { runInput } : {}) } };
  }

  function onStuck(slot: Slot): void {
    slot.timer = undefined;
    const current = slot.inFlight.values().next().value;
    if (current) {
      slot.inFlight.delete(current.call!.id);
      current.resolve(timeLimitFailure(base, current.limits));
    }
    queue.unshift(...slot.inFlight.values());
    slot.inFlight.clear();
    replace(slot);
    dispatch();
  }

  function onDeath(slot: Slot, reason: string): void {
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    slot.timer = undefined;
    if (disposed) return;
    const [current, ...rest] = slot.inFlight.values();
    slot.inFlight.clear();
    // A worker that dies while running a call was killed by it; one that never started was not.
    if (slot.ready) current?.resolve(failure(ErrorCode.CodeError, `The code's worker stopped: ${reason}`, false));
    else if (current) rest.unshift(current);
    queue.unshift(...rest);
    if (!slot.ready && ++slot.failedStarts >= MAX_FAILED_STARTS) {
      broken = `User code cannot run: its worker fails to start (${reason})`;
      for (const pending of queue.splice(0)) pending.resolve(failure(ErrorCode.Internal, broken, false));
      for (const resolve of waiters.splice(0)) resolve();
      return;
    }
    startSlot(slot);
    dispatch();
  }

  function replace(slot: Slot): void {
    slot.worker.terminate();
    slot.retire = false;
    startSlot(slot);
  }

  return {
    size,
    ready: () => {
      if (!disposed) startWorkers();
      return broken || slots.every((slot) => slot.ready) ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
    runFunction: (body, scope, limits) => submit("function", body, scope, limits),
    evaluate: (expression, scope, limits) => submit("expression", expression, scope, limits),
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const slot of slots) {
        if (slot.timer !== undefined) clearTimeout(slot.timer);
        slot.worker.terminate();
        for (const pending of slot.inFlight.values()) pending.resolve(failure(ErrorCode.Internal, "The sandbox was disposed", false));
      }
      const gone = failure(ErrorCode.Internal, "The sandbox was disposed", false);
      for (const pending of queue.splice(0)) pending.resolve(gone);
      lane?.dispose(gone);
    },
  };
}
