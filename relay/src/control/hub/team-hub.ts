/**
 * The hub: one Durable Object per team (SQLite storage, hibernatable WebSockets). It never
 * runs user code; it routes, leases, stores and fans out. Decisions are the pure lease rules
 * (lease-rules.ts); this class loads and saves the book, talks to sockets and arms the alarm.
 */
import { DurableObject } from "cloudflare:workers";
import { leaseTimings } from "@nexus-flow/shared/protocol";
import type { ControlEnv } from "../env.ts";
import { createJobBook, enqueue, waitingReason, type Effect, type JobBook, type JobRecord, type JobSpec } from "./job-book.ts";
import { cancelJob, dispatch, expireLeases, nextWakeAt, submitJob } from "./lease-rules.ts";
import { deleteJobs, loadJob, loadJobs, loadOpenJobs, parseList, purgeOldJobs, saveJobs, schema } from "./hub-store.ts";
import { restoreWaiter } from "./waiting-rules.ts";
import { hubRoutes } from "./routes.ts";
import { fireDueSchedules } from "./schedule-firing.ts";
import { earliestSchedule, triggerSchema } from "./triggers.ts";
import { MetricTally, count, metricsSchema } from "./metrics.ts";
import { flushGroupedFailures, nextNotifyFlush, notifyJobEvent, notifySchemaSql } from "./notifications.ts";
import { onSocketClose, onSocketMessage, type SocketAttachment } from "./sockets.ts";
import { RunLogs } from "./run-logs.ts";
import { dropParts } from "./chunk-parts.ts";
import { DecisionOutput } from "./decision-output.ts";
import { SubmitterNotices } from "./submitter-notices.ts";
import { NodeRunners } from "./node-runners.ts";

export class TeamHub extends DurableObject<ControlEnv> {
  readonly sql: SqlStorage;
  readonly book: JobBook = createJobBook();
  readonly runs: RunLogs;
  /** Which submitter session asked for a job, to tell it the result (memory only: rule J3 covers a lost one). */
  readonly submitters = new Map<string, string>();
  private readonly routes = hubRoutes(this);

  constructor(ctx: DurableObjectState, env: ControlEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.runs = new RunLogs(this);
    this.nodeRunners = new NodeRunners(this.sql);
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(schema);
      this.sql.exec(triggerSchema);
      this.sql.exec(metricsSchema);
      this.sql.exec(notifySchemaSql);
      this.load(Date.now());
      await this.armAlarm();
    });
  }

  /** The object's state and bindings, for the route and socket modules. */
  get state(): DurableObjectState {
    return this.ctx;
  }

  get bindings(): ControlEnv {
    return this.env;
  }

  get teamId(): string | undefined {
    return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'teamId'").toArray()[0]?.value;
  }

  override fetch(request: Request): Promise<Response> | Response {
    return this.routes.fetch(request);
  }

  /** Rebuilds the book after a start or a wake from hibernation. Leases get a fresh window: runners reconnect into it (L5). */
  private load(now: number): void {
    for (const row of this.sql.exec<{ id: string; name: string; labels: string; slots: number; connections: string; version: string; last_seen_at: number }>("SELECT * FROM runners WHERE revoked_at IS NULL")) {
      const connected = this.ctx.getWebSockets(`runner:${row.id}`).length > 0;
      this.book.runners.set(row.id, { id: row.id, name: row.name, labels: parseList(row.labels), slots: row.slots, connections: parseList(row.connections), version: row.version, connected, draining: false, held: new Set(), lastSeenAt: row.last_seen_at });
    }
    for (const job of loadOpenJobs(this.sql)) this.restoreJob(job, now);
  }

  private restoreJob(job: JobRecord, now: number): void {
    this.book.jobs.set(job.id, job);
    if (job.status === "queued" && job.epoch === 0 && job.startBy !== undefined) this.book.startDeadlines.add(job.id);
    if (job.status === "waiting") return restoreWaiter(this.book, job); // its predecessor is open: both were committed together (J7)
    if (job.status !== "leased") return enqueue(this.book, job); // loaded oldest first: submit order holds
    job.leaseExpiresAt = now + leaseTimings.leaseMs;
    this.book.leased.add(job.id);
    this.book.runners.get(job.runnerId ?? "")?.held.add(job.id);
  }

  /** Submits a job (J1) and carries out what follows. */
  submit(spec: JobSpec, submitter: string | undefined, now: number): JobRecord {
    const known = this.book.jobs.get(spec.id) ?? (this.notStored.has(spec.id) ? undefined : this.rememberFinished(spec.id));
    if (known) {
      if (submitter) this.submitters.set(known.id, submitter);
      return known;
    }
    if (submitter) this.submitters.set(spec.id, submitter);
    // J6: a finished predecessor may be only in storage (kept for a day, J3).
    if (spec.after && !this.book.jobs.has(spec.after.key) && !this.notStored.has(spec.after.key)) this.rememberFinished(spec.after.key);
    const { job, effects } = submitJob(this.book, spec, now);
    this.apply(effects, now);
    return job;
  }

  /** A finished job's result, kept for a day for a submitter that comes back (J3). */
  private rememberFinished(id: string): JobRecord | undefined {
    const stored = loadJob(this.sql, id);
    if (stored) this.book.jobs.set(id, stored);
    return stored;
  }

  /** Keys of this decision's submits that `lookUpSubmits` found in no row: new jobs, no lookup each. */
  private readonly notStored = new Set<string>();

  /**
   * J3 for a frame of submits: which keys are finished jobs kept for returning submitters,
   * in one statement instead of one per submit. Call inside `decide` (its end forgets them).
   */
  lookUpSubmits(keys: readonly string[]): void {
    const unknown = [...new Set(keys)].filter((key) => !this.book.jobs.has(key));
    const found = new Set<string>();
    for (const job of loadJobs(this.sql, unknown)) {
      this.book.jobs.set(job.id, job);
      found.add(job.id);
    }
    for (const key of unknown) if (!found.has(key)) this.notStored.add(key);
  }

  cancel(jobId: string, reason: string, now: number): void {
    this.apply(cancelJob(this.book, jobId, reason, now), now);
  }

  /**
   * J5 from a submitter: every cancel is answered, so a submitter can resend one until it is
   * (after a dropped socket). This session hears the job's end; a finished job's cancel hears
   * its result, and a key the hub does not hold hears `removed` (nothing ran, nothing will).
   */
  cancelFromSubmitter(ws: WebSocket, session: string, key: string, reason: string, now: number): void {
    const job = this.book.jobs.get(key) ?? this.rememberFinished(key);
    if (!job) return this.notifySubmitter(ws, { type: "removed", key, reason: "the hub holds no such job: it never ran" }, session);
    if (job.status === "finished") return this.notifySubmitter(ws, { type: "result", key, runner: job.runnerName, outcome: job.outcome }, session);
    this.submitters.set(key, session);
    this.cancel(key, reason, now);
  }

  /** Nesting of `decide`: effects applied inside one are sent, saved and counted once, at its end. */
  private deciding = 0;
  /** Histogram observations of the current decision, written as one upsert per series. */
  private readonly tally = new MetricTally();

  /**
   * Handles every message of one frame as one decision (W4, W5): their effects are carried out
   * in order, then the saves, the frames out (one per socket) and the alarm happen once.
   */
  decide(handle: () => void): void {
    this.deciding++;
    try {
      handle();
    } finally {
      if (--this.deciding === 0) this.endDecision();
    }
  }

  /** Carries out effects; outside `decide`, then saves what changed and re-arms the alarm. */
  apply(effects: readonly Effect[], now: number): void {
    for (const effect of effects) {
      switch (effect.kind) {
        case "send":
          this.sendToRunner(effect.runnerId, effect.message);
          break;
        case "close":
          this.flushFrames();
          this.runnerSockets.delete(effect.runnerId);
          for (const ws of this.ctx.getWebSockets(`runner:${effect.runnerId}`)) ws.close(effect.code, effect.reason);
          break;
        default:
          this.countJobEvent(effect, now);
          this.onJobEvent(effect, now);
      }
    }
    if (this.deciding === 0) this.endDecision();
  }

  /** Writes what the decision so far changed, then sends what it queued (also before a socket is closed): see DecisionOutput. */
  flushFrames(): void {
    this.output.release();
  }

  private endDecision(): void {
    this.notStored.clear();
    this.runnerSockets.clear();
    this.output.release();
    void this.armAlarm();
  }

  /** A decision's writes not yet made as it went: its metrics and its changed jobs. */
  private save(): void {
    this.tally.write(this.sql);
    this.saveDirty();
  }

  private countJobEvent(effect: Exclude<Effect, { kind: "send" | "close" }>, now: number): void {
    if (effect.kind === "lost") count(this.sql, "nexus_runner_lost_total", {});
    const job = this.book.jobs.get(effect.jobId);
    if (effect.kind === "started" && effect.epoch === 1 && job) this.tally.observe("nexus_job_wait_seconds", {}, (now - job.submittedAt) / 1000);
  }

  private sendToRunner(runnerId: string, message: Extract<Effect, { kind: "send" }>["message"]): void {
    let sockets = this.runnerSockets.get(runnerId);
    if (!sockets) this.runnerSockets.set(runnerId, (sockets = this.ctx.getWebSockets(`runner:${runnerId}`)));
    if (!sockets.length) return; // it reconnects and re-claims by epoch (L5)
    const out = message.type === "job" && message.job.kind === "flow.run" ? { ...message, job: { ...message.job, payload: this.runs.assignmentPayload(message.job.payload as { runId: string }) } } : message;
    const text = JSON.stringify(out);
    for (const ws of sockets) this.output.toRunner(ws, text);
  }

  /** A runner's sockets, looked up once per decision, not once per message (~5 % of the hub's time at 10,000 jobs/s). */
  private readonly runnerSockets = new Map<string, WebSocket[]>();

  /** What an event tells submitters (W5). */
  private readonly notices = new SubmitterNotices((ws) => this.attachment(ws), (session) => this.ctx.getWebSockets(`client:${session}`));
  /** Frames out and writes, in the order durability asks. */
  private readonly output = new DecisionOutput(this.notices, () => this.save());
  /** Which runner ran a headless run's node (H1). */
  readonly nodeRunners: NodeRunners;

  /** Tells a submitter session about its job (W5: batched at the decision's end when it asked for `?batch=1`). */
  notifySubmitter(ws: WebSocket, notice: object, session?: string): void {
    this.notices.notify(ws, notice, session);
  }

  forgetSession(session: string): void {
    this.notices.forget(session);
  }

  private onJobEvent(effect: Exclude<Effect, { kind: "send" | "close" }>, now: number): void {
    if (effect.kind === "removed") {
      // J8: the job never ran and is gone; its submitter clears its bookkeeping.
      this.notifySession(this.submitters.get(effect.jobId), { type: "removed", key: effect.jobId, reason: effect.reason });
      return void this.submitters.delete(effect.jobId);
    }
    const job = this.book.jobs.get(effect.jobId);
    if (!job) return;
    if (effect.kind === "started" && effect.epoch > 1) dropParts(this.sql, job.id);
    if (job.kind === "flow.run") return this.runs.onJobEvent(job, effect, now);
    if (job.kind === "notify") return notifyJobEvent(job, effect);
    const session = this.submitters.get(job.id);
    if (effect.kind === "started") {
      this.notifySession(session, { type: "started", key: job.id, runner: effect.runnerName, epoch: effect.epoch });
      const { runId, nodeId } = job.payload as { runId: string; nodeId: string };
      this.nodeRunners.record(runId, nodeId, effect.runnerName);
    }
    else if (effect.kind === "lost") this.notifySession(session, { type: "lost", key: job.id, runner: effect.runnerName, reoffered: effect.reoffered });
    else if (effect.kind === "chunk" && effect.lines) {
      this.sql.exec("INSERT OR IGNORE INTO job_lines (job_id, seq, lines) VALUES (?, ?, ?)", job.id, effect.seq, JSON.stringify(effect.lines));
      this.notifySession(session, { type: "log", key: job.id, lines: effect.lines });
    } else if (effect.kind === "finished") {
      this.notifySession(session, { type: "result", key: job.id, runner: job.runnerName, outcome: job.outcome });
      this.submitters.delete(job.id);
    }
  }

  /** A method, not a closure made per event: the bundle names each closure (`__name`), ~7 % of the hub's time. */
  private notifySession(session: string | undefined, notice: object): void {
    if (session) for (const ws of this.notices.socketsOf(session)) this.notifySubmitter(ws, notice, session);
  }

  private saveDirty(): void {
    const changed: JobRecord[] = [];
    for (const id of this.book.dirty) {
      const job = this.book.jobs.get(id);
      if (job) changed.push(job);
    }
    saveJobs(this.sql, changed);
    if (this.book.removed.size) {
      deleteJobs(this.sql, [...this.book.removed]); // J8: removed waiting jobs leave no row, so their keys are free
      this.book.removed.clear();
    }
    // Finished jobs leave memory; their row answers returning submitters (J3).
    for (const job of changed) if (job.status === "finished" && !this.submitters.has(job.id)) this.book.jobs.delete(job.id);
    this.book.dirty.clear();
  }

  /** The alarm as last set (undefined: not read yet), so most messages need no storage call. */
  private alarmAt: number | null | undefined;
  /** The earliest schedule or grouped-notification time, read from their tables when `stale`. */
  private tableTimers: { stale: boolean; at?: number } = { stale: true };

  /** The schedules or notification tables changed: the next `armAlarm` reads them again. */
  timersChanged(): void {
    this.tableTimers = { stale: true };
  }

  /** Sets the alarm to the earliest timer; reads the timer tables only after they changed (not on every message). */
  async armAlarm(): Promise<void> {
    if (this.tableTimers.stale) {
      const at = [earliestSchedule(this.sql), nextNotifyFlush(this)].filter((time): time is number => time !== undefined);
      this.tableTimers = { stale: false, ...(at.length ? { at: Math.min(...at) } : {}) };
    }
    const timers = [nextWakeAt(this.book), this.tableTimers.at].filter((at): at is number => at !== undefined);
    const purgeAt = Date.now() + 60 * 60 * 1000;
    const at = Math.min(...timers, purgeAt);
    this.alarmAt ??= await this.ctx.storage.getAlarm();
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    await this.ctx.storage.setAlarm(at);
  }

  /** One alarm for every timer: lease expiry (L4), start deadlines (L8), schedules (S1) and the purge of kept results (J3). */
  override async alarm(): Promise<void> {
    const now = Date.now();
    this.apply(expireLeases(this.book, now), now);
    fireDueSchedules(this, now);
    flushGroupedFailures(this, now);
    purgeOldJobs(this.sql, now - leaseTimings.resultTtlMs);
    this.timersChanged();
    await this.ctx.storage.deleteAlarm();
    this.alarmAt = null;
    await this.armAlarm();
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    onSocketMessage(this, ws, message, Date.now());
  }

  override webSocketClose(ws: WebSocket, code: number): void {
    onSocketClose(this, ws, Date.now());
    // workerd throws on close(1005) ("no status"): answer with a normal close instead.
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closed");
    } catch {
      // already closed
    }
  }

  override webSocketError(ws: WebSocket): void {
    onSocketClose(this, ws, Date.now());
  }

  /** Attachments read once per socket per wake (deserializing on every frame cost ~7 % of the hub's time). */
  private readonly attachments = new WeakMap<WebSocket, SocketAttachment | null>();

  attachment(ws: WebSocket): SocketAttachment | null {
    if (!this.attachments.has(ws)) this.attachments.set(ws, ws.deserializeAttachment() as SocketAttachment | null);
    return this.attachments.get(ws)!;
  }

  /** Keeps the cache in step when a socket's attachment changes (a runner's hello). */
  setAttachment(ws: WebSocket, attachment: SocketAttachment): void {
    ws.serializeAttachment(attachment);
    this.attachments.set(ws, attachment);
  }

  waitingReason(job: JobRecord): string {
    return waitingReason(this.book, job);
  }

  redispatch(now: number): void {
    this.apply(dispatch(this.book, now), now);
  }
}
