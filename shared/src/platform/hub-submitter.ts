/**
 * Hands nodes placed on runners to the team's hub (`/api/jobs/connect`, PROTOCOL.md J1–J5)
 * and turns each into an executor the engine can call like any other. Keys are
 * `runId:nodeId:attempt`, so after a dropped socket, a reload or a resumed run the same node is
 * submitted again and gets the kept result instead of a second execution.
 */
import { NexusError, runnerNeeds, type FlowNode, type NodeExecution, type NodeExecutor } from "../index.ts";
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

export interface HubSubmitter {
  execute(job: { key: string; labels: readonly string[]; connections?: readonly string[]; payload: object; reofferBudget?: number; scheduleToStartMs?: number }, signal?: AbortSignal): Promise<JobOutcome & { runner?: string }>;
  close(): void;
}

export function createHubSubmitter(options: HubSubmitterOptions): HubSubmitter {
  const Socket = options.WebSocket ?? (globalThis.WebSocket as unknown as new (url: string) => SocketLike);
  const pending = new Map<string, Pending>();
  let socket: SocketLike | undefined;
  let closed = false;
  let retries = 0;

  const connect = () => {
    // W5: `batch=1` asks the hub for each event's notices as one frame (`accepted` and `started` together).
    const current = new Socket(`${options.url}${options.url.includes("?") ? "&" : "?"}batch=1`);
    socket = current;
    current.addEventListener("open", () => {
      retries = 0;
      for (const job of pending.values()) current.send(job.submit); // J1: the same key is the same job
    });
    current.addEventListener("message", (event) => {
      const data = JSON.parse(String((event as MessageEvent).data)) as JobNotice | JobNotice[];
      for (const notice of Array.isArray(data) ? data : [data]) onNotice(notice);
    });
    current.addEventListener("close", () => {
      if (socket !== current || closed) return;
      socket = undefined;
      if (pending.size) setTimeout(connect, Math.min(5_000, 200 * 2 ** retries++) * (0.5 + Math.random()));
    });
  };
  const onNotice = (notice: JobNotice) => {
    options.onNotice?.(notice);
    if (notice.type !== "result") return;
    const job = pending.get(notice.key);
    pending.delete(notice.key);
    job?.resolve({ ...notice.outcome, ...(notice.runner ? { runner: notice.runner } : {}) } as JobOutcome);
  };
  const send = (text: string) => {
    if (!socket) connect();
    else if (socket.readyState === 1) socket.send(text);
  };
  return {
    execute(job, signal) {
      return new Promise((resolve) => {
        const submit = JSON.stringify({ type: "submit", key: job.key, labels: job.labels, connections: job.connections ?? [], payload: job.payload, ...(job.reofferBudget === undefined ? {} : { reofferBudget: job.reofferBudget }), ...(job.scheduleToStartMs === undefined ? {} : { scheduleToStartMs: job.scheduleToStartMs }) });
        pending.set(job.key, { submit, resolve });
        signal?.addEventListener("abort", () => send(JSON.stringify({ type: "cancel", key: job.key, reason: String(signal.reason ?? "cancelled") })), { once: true });
        send(submit);
      });
    },
    close() {
      closed = true;
      socket?.close();
    },
  };
}

/** Node types that may run twice without harm: re-offered after a lost runner by default (L4). */
const idempotentTypes = new Set(["transform", "condition", "noop", "merge"]);

/**
 * An executor that runs a node on a runner through the hub.
 * @example ports.executorFor = (node) => node.runner ? remoteNodeExecutor(submitter, node) : undefined;
 */
export function remoteNodeExecutor(submitter: HubSubmitter, node: FlowNode): NodeExecutor {
  return async (execution: NodeExecution) => {
    const outcome = await submitter.execute(
      {
        key: `${execution.idempotencyKey}:${execution.attempt}`,
        labels: node.runner?.labels ?? [],
        // The hub offers the job only to a runner that has the connection (or capability) it names.
        connections: runnerNeeds({ type: node.type, config: execution.config }),
        payload: { runId: execution.runId, nodeId: execution.nodeId, type: node.type, config: execution.config, input: execution.input, runInput: execution.runInput, attempt: execution.attempt, maxPayloadBytes: execution.maxPayloadBytes },
        reofferBudget: idempotentTypes.has(node.type) ? 3 : 0,
      },
      execution.signal,
    );
    if (!outcome.ok) throw new NexusError(outcome.error);
    return { output: outcome.output as never, ...(outcome.port !== undefined ? { port: outcome.port } : {}) };
  };
}
