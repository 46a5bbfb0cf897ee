/**
 * Hands nodes placed on runners to the team's hub (`/api/jobs/connect`, PROTOCOL.md J1–J5)
 * and turns each into an executor the engine can call like any other. Keys are
 * `runId:nodeId:attempt`, so after a dropped socket, a reload or a resumed run the same node is
 * submitted again and gets the kept result instead of a second execution.
 */
import { ErrorCode, NexusError, runnerNeeds, type FlowNode, type NodeExecution, type NodeExecutor } from "../index.ts";
import type { JobNotice, JobOutcome } from "../protocol/index.ts";

type SocketLike = Pick<WebSocket, "send" | "close" | "readyState" | "addEventListener">;

export interface HubSubmitterOptions {
  /** `ws(s)://…/api/jobs/connect?token=…` */
  readonly url: string;
  /** The WebSocket constructor (the `ws` package on Node 20). */
  readonly WebSocket?: new (url: string) => SocketLike;
  /** Every notice, for progress: started on a runner, runner lost, log lines. */
  readonly onNotice?: (notice: JobNotice) => void;
}

interface Pending {
  readonly submit: string;
  readonly resolve: (outcome: JobOutcome) => void;
}

/** A job as `execute` sends it. */
export interface SubmitJob {
  readonly key: string;
  readonly labels: readonly string[];
  readonly connections?: readonly string[];
  readonly payload: object;
  readonly reofferBudget?: number;
  readonly scheduleToStartMs?: number;
}

/** A job submitted ahead (PROTOCOL J6): it waits at the hub on `after.key`'s result. */
export interface AheadJob extends SubmitJob {
  readonly after: { readonly key: string; readonly port?: string; readonly defaultPort?: string };
}

/** A job submitted ahead and not yet asked for by `execute`: its submit (resent on reconnect) and what the hub said of it. */
interface Ahead {
  readonly submit: string;
  started?: boolean;
  result?: JobOutcome & { runner?: string };
}

export interface HubSubmitter {
  /**
   * Runs a job; `ahead` are jobs submitted with it in the same frame, waiting on it or on one
   * another (J6). A later `execute` of a key submitted ahead takes that job (J1), its result
   * included if it came first.
   */
  execute(job: SubmitJob, signal?: AbortSignal, ahead?: readonly AheadJob[]): Promise<JobOutcome & { runner?: string }>;
  /** Submits more jobs ahead (a chain's next stretch), in one frame. */
  submitAhead(jobs: readonly AheadJob[]): void;
  /** Cancels jobs submitted ahead that no `execute` took (their run ended): waiting ones are removed (J8). */
  withdraw(keys: readonly string[], reason: string): void;
  close(): void;
}

const cancelledOutcome = (reason: string): JobOutcome => ({ ok: false, error: { code: ErrorCode.Cancelled, message: reason, retryable: false } });

const submitText = (job: SubmitJob, after?: AheadJob["after"]) =>
  JSON.stringify({ type: "submit", key: job.key, labels: job.labels, connections: job.connections ?? [], payload: job.payload, ...(job.reofferBudget === undefined ? {} : { reofferBudget: job.reofferBudget }), ...(job.scheduleToStartMs === undefined ? {} : { scheduleToStartMs: job.scheduleToStartMs }), ...(after ? { after } : {}) });

export function createHubSubmitter(options: HubSubmitterOptions): HubSubmitter {
  const Socket = options.WebSocket ?? (globalThis.WebSocket as unknown as new (url: string) => SocketLike);
  const pending = new Map<string, Pending>();
  const ahead = new Map<string, Ahead>();
  /**
   * Cancels the hub has not answered yet (J5: every cancel is answered, by the job's result or
   * `removed`), resent after every reconnect: a cancel sent while the socket was down, or lost
   * with it, would otherwise leave the job to run (a withdrawn waiter released, an aborted call made).
   */
  const cancels = new Map<string, string>();
  let socket: SocketLike | undefined;
  let closed = false;
  let retries = 0;

  const connect = () => {
    // W5: `batch=1` asks the hub for each event's notices as one frame (`accepted` and `started` together).
    const current = new Socket(`${options.url}${options.url.includes("?") ? "&" : "?"}batch=1`);
    socket = current;
    current.addEventListener("open", () => {
      retries = 0;
      // J1: the same key is the same job. Jobs asked for first: a job submitted ahead follows the one it waits on.
      for (const job of pending.values()) current.send(job.submit);
      for (const job of ahead.values()) current.send(job.submit);
      for (const text of cancels.values()) current.send(text);
    });
    current.addEventListener("message", (event) => {
      const data = JSON.parse(String((event as MessageEvent).data)) as JobNotice | JobNotice[];
      for (const notice of Array.isArray(data) ? data : [data]) onNotice(notice);
    });
    current.addEventListener("close", () => {
      if (socket !== current || closed) return;
      socket = undefined;
      if (pending.size || ahead.size || cancels.size) setTimeout(connect, Math.min(5_000, 200 * 2 ** retries++) * (0.5 + Math.random()));
    });
  };
  const onNotice = (notice: JobNotice) => {
    options.onNotice?.(notice);
    if (notice.type === "result" || notice.type === "removed") cancels.delete(notice.key);
    if (notice.type === "removed") {
      ahead.delete(notice.key);
      // J8: removed before it ran, yet asked for meanwhile: it runs as a plain submit (its key is free).
      const job = pending.get(notice.key);
      if (job) send(job.submit);
      return;
    }
    if (notice.type === "started") {
      const early = ahead.get(notice.key);
      if (early) early.started = true;
    }
    if (notice.type !== "result") return;
    const outcome = { ...notice.outcome, ...(notice.runner ? { runner: notice.runner } : {}) } as JobOutcome;
    const job = pending.get(notice.key);
    if (job) {
      pending.delete(notice.key);
      return job.resolve(outcome);
    }
    const early = ahead.get(notice.key);
    if (early) early.result = outcome;
  };
  /** Sends now if the socket is open; otherwise connects, and `open` sends what is kept (submits, cancels). */
  const send = (text: string) => {
    if (!socket) connect();
    else if (socket.readyState === 1) socket.send(text);
  };
  const cancelTexts = (keys: readonly string[], reason: string) =>
    keys.map((key) => {
      const text = JSON.stringify({ type: "cancel", key, reason });
      cancels.set(key, text);
      return text;
    });
  const aheadTexts = (jobs: readonly AheadJob[]) =>
    jobs.flatMap((job) => {
      if (ahead.has(job.key) || pending.has(job.key)) return [];
      const submit = submitText(job, job.after);
      ahead.set(job.key, { submit });
      return [submit];
    });
  /** W5: one frame of up to 100 messages, one commit at the hub. */
  const sendFrame = (texts: readonly string[]) => {
    for (let at = 0; at < texts.length; at += 100) send(texts.length === 1 ? texts[0]! : `[${texts.slice(at, at + 100).join(",")}]`);
  };
  return {
    execute(job, signal, more = []) {
      return new Promise((resolve) => {
        const submit = submitText(job);
        const early = ahead.get(job.key);
        ahead.delete(job.key);
        if (early?.result) return resolve(early.result);
        if (signal?.aborted) return resolve(cancelledOutcome(String(signal.reason ?? "cancelled")));
        pending.set(job.key, { submit, resolve });
        signal?.addEventListener("abort", () => {
          // The call is over for the engine (cancelled or timed out); the hub's answer to the cancel only clears it.
          if (!pending.delete(job.key)) return;
          const reason = String(signal.reason ?? "cancelled");
          sendFrame(cancelTexts([job.key], reason));
          resolve(cancelledOutcome(reason));
        }, { once: true });
        // Submitted ahead and already running: nothing to send. Otherwise the submit (again: J1
        // answers where it stands, so a job queued with no runner online is known as such).
        const texts = early?.started ? [] : [submit];
        sendFrame([...texts, ...aheadTexts(more)]);
      });
    },
    submitAhead(jobs) {
      sendFrame(aheadTexts(jobs));
    },
    withdraw(keys, reason) {
      const texts = cancelTexts(keys.filter((key) => ahead.delete(key)), reason);
      if (texts.length) sendFrame(texts);
    },
    close() {
      closed = true;
      cancels.clear();
      socket?.close();
    },
  };
}

/** Node types that may run twice without harm: re-offered after a lost runner by default (L4). */
const idempotentTypes = new Set(["transform", "condition", "noop", "merge"]);

/** What a node's job carries: the same for a job submitted when the engine reaches the node and one submitted ahead. */
export function nodeJob(node: FlowNode, at: Pick<NodeExecution, "runId" | "nodeId" | "config" | "input" | "runInput" | "attempt" | "maxPayloadBytes">): SubmitJob {
  return {
    key: `${at.runId}:${at.nodeId}:${at.attempt}`,
    labels: node.runner?.labels ?? [],
    // The hub offers the job only to a runner that has the connection (or capability) it names.
    connections: runnerNeeds({ type: node.type, config: at.config }),
    payload: { runId: at.runId, nodeId: at.nodeId, type: node.type, config: at.config, input: at.input, runInput: at.runInput, attempt: at.attempt, maxPayloadBytes: at.maxPayloadBytes },
    reofferBudget: idempotentTypes.has(node.type) ? 3 : 0,
  };
}

/**
 * An executor that runs a node on a runner through the hub; `ahead` names jobs to submit
 * with it, waiting on it (J6: the chain of runner nodes that follows).
 * @example ports.executorFor = (node) => node.runner ? remoteNodeExecutor(submitter, node) : undefined;
 */
export function remoteNodeExecutor(submitter: HubSubmitter, node: FlowNode, ahead?: (execution: NodeExecution) => readonly AheadJob[]): NodeExecutor {
  return async (execution: NodeExecution) => {
    const job = { ...nodeJob(node, execution), key: `${execution.idempotencyKey}:${execution.attempt}` };
    const outcome = await submitter.execute(job, execution.signal, ahead?.(execution));
    if (!outcome.ok) throw new NexusError(outcome.error);
    return { output: outcome.output as never, ...(outcome.port !== undefined ? { port: outcome.port } : {}) };
  };
}
