/**
 * The runner agent: connects out to the hub (no inbound port), says hello with the leases it
 * still holds, heartbeats on the hub's jittered interval, runs the jobs it is offered, and
 * reconnects with backoff and jitter whenever the socket drops (PROTOCOL.md L3, L5, C2).
 */
import WebSocket from "ws";
import { hubMessagesOf, protocolVersion, wireLimits, type AssignedJob, type HubMessage, type JobOutcome, type NotifyJobPayload, type RunnerMessage } from "@nexus-flow/shared/protocol";
import type { NodeServices, RunPorts } from "@nexus-flow/shared";
import { executeJob } from "./job-executor.ts";
import { JobOutbox } from "./job-outbox.ts";
import { LineBatcher } from "./line-batcher.ts";
import { countFinished, createRunnerCounters, type JobOutcomeLabel, type RunnerCounters } from "./runner-metrics.ts";

export interface RunnerAgentOptions {
  readonly socketUrl: string;
  readonly token: string;
  readonly name: string;
  readonly labels: readonly string[];
  readonly slots: number;
  readonly version: string;
  readonly connections: readonly string[];
  /** Take one job, then stop. */
  readonly once: boolean;
  readonly services: Omit<NodeServices, "now">;
  /** This runner's node executors (db.query, shell.exec, python), by type. */
  readonly executors?: RunPorts["executors"];
  /** Where a headless run's nodes that need other runners go (through the hub). */
  readonly executorFor?: RunPorts["executorFor"];
  /** Sends `notify` jobs on this runner's notification channels. */
  readonly notify?: (payload: NotifyJobPayload, signal: AbortSignal) => Promise<unknown>;
  readonly say: (line: string) => void;
}

interface HeldJob {
  readonly job: AssignedJob;
  readonly outbox: JobOutbox;
  readonly abort: AbortController;
  released: boolean;
  /** Its work returned: nothing is left to abort when the hub says `done`. */
  ended: boolean;
}

/** Close codes after which reconnecting cannot help. */
const final = new Map([
  [4401, "the relay refused this runner's credential"],
  [4410, "this runner was revoked by an admin"],
  [4409, "another process connected with this runner's credential"],
]);

export class RunnerAgent {
  private socket: WebSocket | undefined;
  private readonly held = new Map<string, HeldJob>();
  private heartbeatMs = 2_500;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private stopping = false;
  private draining = false;
  private jobsTaken = 0;
  private connections: readonly string[];
  private readvertised = false;
  private everConnected = false;
  private finishStopped!: (reason: string) => void;
  /** Resolves with why the agent stopped. */
  readonly stopped = new Promise<string>((resolve) => (this.finishStopped = resolve));
  /** What `--metrics-port` serves. */
  readonly counters: RunnerCounters;

  constructor(private readonly options: RunnerAgentOptions) {
    this.connections = options.connections;
    this.counters = createRunnerCounters(options.slots);
  }

  start(): void {
    this.connect();
  }

  private connect(): void {
    // No permessage-deflate: every frame from the hub would be inflated through the thread
    // pool (ws' zlib is asynchronous), a wait on each job's path; frames are mostly small.
    const socket = new WebSocket(this.options.socketUrl, { headers: { authorization: `Bearer ${this.options.token}` }, maxPayload: 64 * 1024 * 1024, perMessageDeflate: false });
    this.socket = socket;
    socket.on("open", () => {
      this.attempt = 0;
      this.hello();
    });
    socket.on("message", (data) => this.onFrame(String(data)));
    socket.on("unexpected-response", (_request, response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk));
      response.on("end", () => {
        const message = (JSON.parse(body || "{}") as { error?: { message?: string } }).error?.message ?? `HTTP ${response.statusCode}`;
        if (response.statusCode === 401 || response.statusCode === 403) {
          void this.stop(`the relay refused this runner: ${message}`);
          return;
        }
        this.options.say(`the relay answered ${response.statusCode}: ${message}`);
        socket.emit("close", 1006, Buffer.from(""));
      });
    });
    socket.on("error", (error) => {
      if (this.attempt === 0 && !this.stopping) this.options.say(`cannot reach the relay: ${error.message}`);
    });
    socket.on("close", (code, reason) => this.onClose(socket, code, String(reason)));
  }

  private hello(): boolean {
    const { name, labels, slots, version } = this.options;
    return this.send({ type: "hello", protocol: protocolVersion, name, labels: [...labels], slots, version, connections: [...this.connections], leases: this.leases() });
  }

  /**
   * Changes the names this runner offers (its capabilities changed, e.g. Docker went away). A
   * second hello on the open socket is how the hub learns it (PROTOCOL.md): it keeps the
   * leases the hello names and offers jobs by the new names from then on.
   */
  advertise(connections: readonly string[]): void {
    this.connections = [...connections];
    this.readvertised = this.hello();
  }

  private onClose(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.socket) return;
    clearInterval(this.heartbeatTimer);
    this.readvertised = false;
    this.counters.connected = false;
    if (this.stopping) return this.finishStopped("stopped");
    const fatal = final.get(code);
    if (fatal) return void this.stop(`${fatal}${reason ? ` (${reason})` : ""}`);
    const delay = Math.min(10_000, 250 * 2 ** this.attempt++) * (0.5 + Math.random());
    if (this.attempt === 1) this.options.say(`lost the connection to the relay${reason ? ` (${reason})` : ""}; reconnecting…`);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private onFrame(frame: string): void {
    const { messages, ignored } = hubMessagesOf(frame);
    if (ignored) this.options.say("ignored a message from the relay that this runner does not understand");
    for (const message of messages) this.onMessage(message);
  }

  private onMessage(message: HubMessage): void {
    switch (message.type) {
      case "welcome":
        return this.onWelcome(message);
      case "job":
        return this.onJob(message.job);
      case "ack":
        return this.held.get(message.jobId)?.outbox.acked(message.seq);
      case "done":
        return this.onDone(message.jobId);
      case "cancel":
        this.options.say(`job ${message.jobId}: cancelled (${message.reason})`);
        return this.held.get(message.jobId)?.abort.abort(message.reason);
      case "stale":
        this.options.say(`job ${message.jobId}: the relay says this runner no longer holds it (${message.reason}); dropping it`);
        return this.forget(message.jobId);
      case "error":
        return this.options.say(`the relay says: ${message.message}`);
    }
  }

  private onWelcome(message: Extract<HubMessage, { type: "welcome" }>): void {
    // The answer to advertise()'s hello on a socket that stayed open: nothing was lost on it,
    // so nothing is resent (a resent result of a job finished meanwhile would come back stale).
    const sameSocket = this.readvertised;
    this.readvertised = false;
    if (!sameSocket) {
      const again = this.everConnected || this.jobsTaken > 0 || this.held.size > 0;
      this.options.say(again ? "reconnected to the relay" : `connected to the relay as "${this.options.name}"; waiting for jobs`);
      if (this.everConnected) this.counters.reconnects++;
    }
    this.everConnected = true;
    this.counters.connected = true;
    this.heartbeatMs = message.heartbeatMs;
    for (const ref of message.dropped) this.forget(ref.jobId);
    if (!sameSocket) for (const kept of message.kept) this.held.get(kept.jobId)?.outbox.resend(kept.ackedSeq);
    if (this.draining) this.send({ type: "drain" });
    this.scheduleHeartbeat();
  }

  private scheduleHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
    const jittered = this.heartbeatMs * (0.8 + Math.random() * 0.4);
    this.heartbeatTimer = setInterval(() => this.send({ type: "heartbeat", leases: this.leases() }), jittered);
  }

  private onJob(job: AssignedJob): void {
    if (this.draining || (this.options.once && this.jobsTaken >= 1)) {
      this.send({ type: "release", jobId: job.jobId, epoch: job.epoch, reason: "the runner is stopping" });
      return;
    }
    this.jobsTaken++;
    const outbox = new JobOutbox(job.jobId, job.epoch, job.nextSeq, (frame) => this.sendFrame(frame));
    const held: HeldJob = { job, outbox, abort: new AbortController(), released: false, ended: false };
    this.held.set(job.jobId, held);
    this.counters.running = this.held.size;
    this.options.say(`job ${job.jobId}: started (${describe(job)})`);
    const started = Date.now();
    const lines = new LineBatcher((batch) => !held.released && outbox.push({ lines: batch }));
    void executeJob({
      job,
      signal: held.abort.signal,
      services: this.options.services,
      ...(this.options.executors ? { executors: this.options.executors } : {}),
      ...(this.options.executorFor ? { executorFor: this.options.executorFor } : {}),
      ...(this.options.notify ? { notify: this.options.notify } : {}),
      emitEvents: (events) => {
        lines.flush(); // keep a node's lines before the event that ends it
        if (!held.released) outbox.push({ events: [...events] });
      },
      emitLine: (line) => lines.add(line),
    }).then((outcome) => {
      held.ended = true;
      lines.flush();
      if (held.released || !this.held.has(job.jobId)) return;
      countFinished(this.counters, job.kind, outcomeLabel(outcome));
      this.options.say(`job ${job.jobId}: ${outcome.ok ? "done" : `failed: ${outcome.error.message}`} in ${Date.now() - started} ms`);
      outbox.finish(outcome);
    });
  }

  private onDone(jobId: string): void {
    this.forget(jobId);
    if (this.options.once && this.jobsTaken >= 1 && this.held.size === 0) void this.stop("took one job (--once)");
  }

  private forget(jobId: string): void {
    const held = this.held.get(jobId);
    if (!held) return;
    held.released = true;
    // An abort event for work that already returned only costs time (~2 % of a runner's at 10,000 jobs/s).
    if (!held.ended) held.abort.abort("dropped");
    this.held.delete(jobId);
    this.counters.running = this.held.size;
  }

  private leases() {
    return [...this.held.values()].map(({ job }) => ({ jobId: job.jobId, epoch: job.epoch }));
  }

  private send(message: RunnerMessage): boolean {
    return this.sendFrame(JSON.stringify(message));
  }

  /**
   * W4: what one turn of the event loop sends (results of jobs that ended together, their
   * chunks) leaves as one frame, a JSON array, so the hub stores it in one commit. The flush
   * is `setImmediate`: right after this turn's I/O, no timer.
   */
  private sendFrame(frame: string): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false; // resent after the reconnect (C2)
    if (this.queued.push(frame) === 1) setImmediate(() => this.flushFrames());
    return true;
  }

  private queued: string[] = [];

  private flushFrames(): void {
    const frames = this.queued;
    this.queued = [];
    if (this.socket?.readyState !== WebSocket.OPEN) return; // resent after the reconnect (C2)
    for (const group of frameBatches(frames)) this.socket.send(group.length === 1 ? group[0]! : `[${group.join(",")}]`);
  }

  /**
   * Stops taking jobs, gives the running ones `graceMs` to finish, then hands the rest back
   * to the hub so another runner takes them at once (L7), and closes.
   */
  async drain(graceMs: number): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    this.send({ type: "drain" });
    if (this.held.size) this.options.say(`stopping: finishing ${this.held.size} job(s), up to ${Math.round(graceMs / 1000)} s…`);
    const deadline = Date.now() + graceMs;
    while (this.held.size && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    for (const held of [...this.held.values()]) {
      this.send({ type: "release", jobId: held.job.jobId, epoch: held.job.epoch, reason: "the runner stopped before the job finished" });
      this.options.say(`job ${held.job.jobId}: handed back to the relay`);
      this.forget(held.job.jobId);
    }
    await this.stop("stopped");
  }

  async stop(reason: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.reconnectTimer);
    for (const jobId of [...this.held.keys()]) this.forget(jobId);
    this.flushFrames(); // the releases of `drain` go before the close
    const socket = this.socket;
    if (socket && socket.readyState === WebSocket.OPEN) {
      await new Promise<void>((resolve) => {
        socket.once("close", () => resolve());
        socket.close(1000, "runner stopping");
        setTimeout(resolve, 1_000);
      });
    } else socket?.terminate();
    this.finishStopped(reason);
  }
}

/** A headless run's job succeeds as a job even when the run failed: the metric counts the run's end. */
function outcomeLabel(outcome: JobOutcome): JobOutcomeLabel {
  if (!outcome.ok) return "failed";
  const status = (outcome.output as { status?: string } | undefined)?.status;
  return status === "failed" || status === "cancelled" ? "failed" : "done";
}

/** Groups of at most `maxBatch` messages within one frame's size; a frame too big to share goes alone. */
function frameBatches(frames: readonly string[]): string[][] {
  const groups: string[][] = [];
  let size = 0;
  for (const frame of frames) {
    const bytes = Buffer.byteLength(frame) + 1;
    const last = groups.at(-1);
    if (last && last.length < wireLimits.maxBatch && size + bytes <= wireLimits.maxFrameBytes - 2) {
      last.push(frame);
      size += bytes;
    } else {
      groups.push([frame]);
      size = bytes;
    }
  }
  return groups;
}

function describe(job: AssignedJob): string {
  if (job.kind === "flow.run") return `headless run ${(job.payload as { runId: string }).runId}`;
  if (job.kind === "notify") return `notification on "${(job.payload as NotifyJobPayload).channel}"`;
  const payload = job.payload as { type: string; nodeId: string };
  return `node "${payload.nodeId}" (${payload.type})`;
}
