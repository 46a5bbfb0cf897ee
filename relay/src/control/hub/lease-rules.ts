/**
 * The decisions: submit, dispatch, heartbeats, chunks, results, releases, cancels and lease
 * expiry. Each mutates the book and returns effects; the rule ids are PROTOCOL.md's.
 */
import { controlCloseCodes, type JobOutcome, type LeaseRef, type RunnerMessage } from "@nexus-flow/shared/protocol";
import { canTake, enqueue, freeSlots, heldLease, waitingReason, type Effect, type JobBook, type JobRecord, type JobSpec, type RunnerHello, type RunnerRecord } from "./job-book.ts";
import { placeWaiter, removeWaiter, settleWaiters } from "./waiting-rules.ts";

/**
 * J1: a submit whose key exists returns the existing job, and never queues it twice. J6: one
 * that names `after` waits on that job (or is settled at once when it is finished); a job
 * refused or removed at once is not in the book afterwards.
 */
export function submitJob(book: JobBook, spec: JobSpec, now: number): { job: JobRecord; created: boolean; effects: Effect[] } {
  const existing = book.jobs.get(spec.id);
  if (existing) return { job: existing, created: false, effects: [] };
  const job: JobRecord = {
    id: spec.id,
    kind: spec.kind,
    labels: [...spec.labels],
    connections: [...(spec.connections ?? [])],
    payload: spec.payload,
    status: "queued",
    epoch: 0,
    reoffersLeft: spec.reofferBudget,
    ackedSeq: 0,
    submittedAt: now,
    // Every field from the start, undefined until set (JSON leaves those out): one object shape
    // for all jobs, and no field added or deleted later, keeps V8's property access fast.
    runnerId: undefined,
    runnerName: undefined,
    leaseExpiresAt: undefined,
    outcome: undefined,
    startedAt: undefined,
    finishedAt: undefined,
    cancelReason: undefined,
    lostOn: undefined,
    startBy: spec.scheduleToStartMs !== undefined ? now + spec.scheduleToStartMs : undefined,
    scheduleToStartMs: spec.scheduleToStartMs,
    after: spec.after,
  };
  if (spec.after) {
    job.startBy = undefined; // L8 counts from its release (J7)
    const effects = placeWaiter(book, job, book.jobs.get(spec.after.key), now);
    return { job, created: book.jobs.has(job.id), effects: [...effects, ...dispatch(book, now)] };
  }
  book.jobs.set(job.id, job);
  if (job.startBy !== undefined) book.startDeadlines.add(job.id);
  enqueue(book, job);
  return { job, created: true, effects: dispatch(book, now) };
}

/** L1: offers queued jobs, oldest first, to connected runners with free slots and the labels asked for. */
export function dispatch(book: JobBook, now: number): Effect[] {
  const effects: Effect[] = [];
  for (const [key, queue] of book.queues) {
    // A job cancelled while queued leaves its entry behind, and its record goes once stored:
    // sampled, it would stall the whole queue. Drop such entries first.
    while (queue.length && book.jobs.get(queue.first()!)?.status !== "queued") queue.shift();
    const sample = book.jobs.get(queue.first() ?? "");
    const able = sample ? [...book.runners.values()].filter((runner) => freeSlots(runner) > 0 && canTake(runner, sample)) : [];
    while (queue.length && able.length) {
      const job = book.jobs.get(queue.first()!);
      if (!job || job.status !== "queued") {
        queue.shift();
        continue;
      }
      // Most free slots first; the runner that just lost this job last (it may be partitioned).
      able.sort((a, b) => Number(a.id === job.lostOn) - Number(b.id === job.lostOn) || freeSlots(b) - freeSlots(a));
      const runner = able[0]!;
      queue.shift();
      effects.push(...lease(book, job, runner, now));
      if (freeSlots(runner) === 0) able.shift();
    }
    if (!queue.length) book.queues.delete(key);
  }
  return effects;
}

function lease(book: JobBook, job: JobRecord, runner: RunnerRecord, now: number): Effect[] {
  job.status = "leased";
  job.epoch += 1;
  job.runnerId = runner.id;
  job.runnerName = runner.name;
  job.leaseExpiresAt = now + book.timings.leaseMs;
  job.startedAt ??= now;
  book.dirty.add(job.id);
  book.startDeadlines.delete(job.id); // L8: started in time
  runner.held.add(job.id);
  book.leased.add(job.id);
  return [
    { kind: "send", runnerId: runner.id, message: { type: "job", job: { jobId: job.id, epoch: job.epoch, kind: job.kind, payload: job.payload as never, nextSeq: job.ackedSeq + 1, idempotencyKey: idempotencyKeyOf(job) } } },
    { kind: "started", jobId: job.id, runnerName: runner.name, epoch: job.epoch },
  ];
}

/** `runId:nodeId` for a node job (the key without its attempt); the key itself otherwise. */
function idempotencyKeyOf(job: JobRecord): string {
  const payload = job.payload as { runId?: unknown; nodeId?: unknown };
  return job.kind === "node" && typeof payload.runId === "string" && typeof payload.nodeId === "string" ? `${payload.runId}:${payload.nodeId}` : job.id;
}

/**
 * L5: a runner (re)connects. Leases it names that are still its own, at the same epoch, are
 * kept; any other is dropped. Leases the hub gave it that it no longer names were lost with
 * its memory (a restart) and are re-offered at once.
 */
export function connectRunner(book: JobBook, runnerId: string, hello: RunnerHello, now: number): Effect[] {
  const runner = upsertRunner(book, runnerId, hello, now);
  const kept: (LeaseRef & { ackedSeq: number })[] = [];
  const dropped: LeaseRef[] = [];
  const named = new Set<string>();
  for (const ref of hello.leases) {
    const job = heldLease(book, runnerId, ref);
    if (job) {
      named.add(job.id);
      job.leaseExpiresAt = now + book.timings.leaseMs;
      kept.push({ jobId: job.id, epoch: job.epoch, ackedSeq: job.ackedSeq });
    } else dropped.push(ref);
  }
  const effects: Effect[] = [];
  for (const jobId of [...runner.held]) if (!named.has(jobId)) effects.push(...expireLease(book, book.jobs.get(jobId)!, now));
  effects.unshift({ kind: "send", runnerId, message: { type: "welcome", runnerId, heartbeatMs: book.timings.heartbeatMs, leaseMs: book.timings.leaseMs, kept, dropped } });
  return [...effects, ...dispatch(book, now)];
}

function upsertRunner(book: JobBook, runnerId: string, hello: RunnerHello, now: number): RunnerRecord {
  const runner = book.runners.get(runnerId) ?? { id: runnerId, name: hello.name, labels: [], slots: 1, connections: [], version: "", connected: false, draining: false, held: new Set<string>(), lastSeenAt: now };
  Object.assign(runner, { name: hello.name, labels: [...hello.labels], slots: hello.slots, connections: [...hello.connections], version: hello.version, connected: true, draining: false, lastSeenAt: now });
  book.runners.set(runnerId, runner);
  return runner;
}

/** L6: a runner's socket closed. Its leases wait `reconnectGraceMs` for it to come back. */
export function disconnectRunner(book: JobBook, runnerId: string, now: number): Effect[] {
  const runner = book.runners.get(runnerId);
  if (!runner) return [];
  runner.connected = false;
  runner.lastSeenAt = now;
  for (const jobId of runner.held) {
    const job = book.jobs.get(jobId)!;
    job.leaseExpiresAt = Math.min(job.leaseExpiresAt ?? now, now + book.timings.reconnectGraceMs);
  }
  return [];
}

/** A revoked runner loses its leases at once; they are re-offered. */
export function revokeRunner(book: JobBook, runnerId: string, now: number): Effect[] {
  const runner = book.runners.get(runnerId);
  if (!runner) return [];
  const effects: Effect[] = [{ kind: "close", runnerId, code: controlCloseCodes.revoked, reason: "this runner was revoked by an admin" }];
  runner.connected = false;
  for (const jobId of [...runner.held]) effects.push(...expireLease(book, book.jobs.get(jobId)!, now));
  book.runners.delete(runnerId);
  return [...effects, ...dispatch(book, now)];
}

/** Handles one validated runner message (rules L2, L3, C1–C3, J4, L7). */
export function onRunnerMessage(book: JobBook, runnerId: string, message: Exclude<RunnerMessage, { type: "hello" }>, now: number): Effect[] {
  const runner = book.runners.get(runnerId);
  if (!runner) return [];
  runner.lastSeenAt = now;
  switch (message.type) {
    case "heartbeat":
      return heartbeat(book, runnerId, message.leases, now);
    case "chunk":
      return chunk(book, runner, message, now);
    case "result":
      return result(book, runner, message, message.outcome, now);
    case "release":
      return release(book, runner, message, now);
    case "drain":
      runner.draining = true;
      return [];
  }
}

/** L3: a heartbeat renews each lease it names that is still this runner's. */
function heartbeat(book: JobBook, runnerId: string, leases: readonly LeaseRef[], now: number): Effect[] {
  const effects: Effect[] = [];
  for (const ref of leases) {
    const job = heldLease(book, runnerId, ref);
    if (job) job.leaseExpiresAt = now + book.timings.leaseMs;
    else if (!finishedBy(book, runnerId, ref)) effects.push(stale(runnerId, ref, "this lease is not yours any more"));
  }
  return effects;
}

/** C1–C3: chunks are accepted in order, once; a duplicate is acknowledged again, a gap waits for a resend. */
function chunk(book: JobBook, runner: RunnerRecord, message: Extract<RunnerMessage, { type: "chunk" }>, now: number): Effect[] {
  const job = heldLease(book, runner.id, message);
  if (!job) return [stale(runner.id, message, "chunk for a lease you do not hold")];
  job.leaseExpiresAt = now + book.timings.leaseMs;
  if (message.seq !== job.ackedSeq + 1) return [{ kind: "send", runnerId: runner.id, message: { type: "ack", jobId: job.id, seq: job.ackedSeq } }];
  job.ackedSeq = message.seq;
  book.dirty.add(job.id);
  return [
    { kind: "chunk", jobId: job.id, seq: message.seq, runnerName: runner.name, ...(message.events ? { events: message.events } : {}), ...(message.lines ? { lines: message.lines } : {}) },
    { kind: "send", runnerId: runner.id, message: { type: "ack", jobId: job.id, seq: message.seq } },
  ];
}

/** J4, L2: the result of the lease holder finishes the job; any other is dropped as stale. */
function result(book: JobBook, runner: RunnerRecord, ref: LeaseRef, outcome: JobOutcome, now: number): Effect[] {
  const job = heldLease(book, runner.id, ref);
  if (!job) {
    const finished = book.jobs.get(ref.jobId)?.status === "finished";
    // A result resent after a lost `done` is acknowledged again, changing nothing.
    if (finished && book.jobs.get(ref.jobId)!.runnerId === runner.id && book.jobs.get(ref.jobId)!.epoch === ref.epoch) return [{ kind: "send", runnerId: runner.id, message: { type: "done", jobId: ref.jobId } }];
    return [stale(runner.id, ref, "result for a lease you do not hold: another runner has this job")];
  }
  const settled = finish(book, job, outcome, now);
  return [{ kind: "send", runnerId: runner.id, message: { type: "done", jobId: job.id } }, { kind: "finished", jobId: job.id }, ...settled, ...dispatch(book, now)];
}

/** L7: a runner hands a job back (stopping); it is re-offered at once, without using its budget. */
function release(book: JobBook, runner: RunnerRecord, ref: LeaseRef, now: number): Effect[] {
  const job = heldLease(book, runner.id, ref);
  if (!job) return [stale(runner.id, ref, "release of a lease you do not hold")];
  unlease(book, job);
  enqueue(book, job, true);
  return dispatch(book, now);
}

/** Cancels a job: a queued one ends at once, a leased one is told to its runner (rule J5); a waiting one is removed (J8). */
export function cancelJob(book: JobBook, jobId: string, reason: string, now: number): Effect[] {
  const job = book.jobs.get(jobId);
  if (!job || job.status === "finished") return [];
  if (job.status === "waiting") return removeWaiter(book, job, `cancelled before it ran: ${reason}`);
  job.cancelReason = reason;
  book.dirty.add(jobId);
  if (job.status === "queued") {
    const settled = finish(book, job, cancelledOutcome(reason), now);
    return [{ kind: "finished", jobId }, ...settled];
  }
  return [{ kind: "send", runnerId: job.runnerId!, message: { type: "cancel", jobId, epoch: job.epoch, reason } }];
}

/** L4: leases past their expiry are re-offered within the budget, then fail RUNNER_LOST. L8: jobs past their start deadline end. */
export function expireLeases(book: JobBook, now: number): Effect[] {
  const effects: Effect[] = expireStartDeadlines(book, now);
  for (const jobId of [...book.leased]) {
    const job = book.jobs.get(jobId)!;
    if ((job.leaseExpiresAt ?? Infinity) <= now) effects.push(...expireLease(book, job, now));
  }
  return effects.length ? [...effects, ...dispatch(book, now)] : effects;
}

function expireLease(book: JobBook, job: JobRecord, now: number): Effect[] {
  const runnerName = job.runnerName ?? "unknown";
  job.lostOn = job.runnerId;
  unlease(book, job);
  if (job.cancelReason) {
    const settled = finish(book, job, cancelledOutcome(job.cancelReason), now);
    return [{ kind: "finished", jobId: job.id }, ...settled];
  }
  if (job.reoffersLeft > 0) {
    job.reoffersLeft -= 1;
    enqueue(book, job, true);
    return [{ kind: "lost", jobId: job.id, runnerName, reoffered: true }];
  }
  const message = `runner ${runnerName} was lost while running this job, and it may not be offered again`;
  const settled = finish(book, job, { ok: false, error: { code: "RUNNER_LOST", message, retryable: true } }, now);
  return [{ kind: "lost", jobId: job.id, runnerName, reoffered: false }, { kind: "finished", jobId: job.id }, ...settled];
}

/** L8: a job no runner started within its `scheduleToStartMs` ends, saying what it waited for. */
function expireStartDeadlines(book: JobBook, now: number): Effect[] {
  const effects: Effect[] = [];
  for (const jobId of [...book.startDeadlines]) {
    const job = book.jobs.get(jobId);
    if (!job || job.status !== "queued" || job.epoch > 0) book.startDeadlines.delete(jobId);
    else if (job.startBy! <= now) {
      const message = `no runner started this job within ${job.scheduleToStartMs} ms of its submit (it was ${waitingReason(book, job)})`;
      const settled = finish(book, job, { ok: false, error: { code: "SCHEDULE_TO_START_TIMEOUT", message, retryable: false } }, now);
      effects.push({ kind: "finished", jobId }, ...settled);
    }
  }
  return effects;
}

/** When the hub must next wake up to expire a lease (L4) or a start deadline (L8). */
export function nextWakeAt(book: JobBook): number | undefined {
  // Plain loops, no helper closure: this runs once per decision over every lease.
  let earliest = Infinity;
  for (const jobId of book.leased) earliest = Math.min(earliest, book.jobs.get(jobId)?.leaseExpiresAt ?? Infinity);
  for (const jobId of book.startDeadlines) earliest = Math.min(earliest, book.jobs.get(jobId)?.startBy ?? Infinity);
  return earliest === Infinity ? undefined : earliest;
}

/** A heartbeat that crossed its job's `done` on the wire: the lease ended well, nothing is stale. */
function finishedBy(book: JobBook, runnerId: string, ref: LeaseRef): boolean {
  const job = book.jobs.get(ref.jobId);
  return job?.status === "finished" && job.runnerId === runnerId && job.epoch === ref.epoch;
}

function unlease(book: JobBook, job: JobRecord): void {
  if (job.runnerId) book.runners.get(job.runnerId)?.held.delete(job.id);
  book.leased.delete(job.id);
  book.dirty.add(job.id);
  job.leaseExpiresAt = undefined; // not `delete`: that turns the record into a slow dictionary object
}

/** Ends a job; what waited on it is settled in the same decision (J7, J8), and those effects returned. */
function finish(book: JobBook, job: JobRecord, outcome: JobOutcome, now: number): Effect[] {
  if (job.status === "leased") unlease(book, job);
  book.startDeadlines.delete(job.id);
  job.status = "finished";
  book.dirty.add(job.id);
  job.outcome = outcome;
  job.finishedAt = now;
  return book.waiters.size ? settleWaiters(book, job, now) : [];
}

function cancelledOutcome(reason: string): JobOutcome {
  return { ok: false, error: { code: "CANCELLED", message: reason, retryable: false } };
}

function stale(runnerId: string, ref: LeaseRef, reason: string): Effect {
  return { kind: "send", runnerId, message: { type: "stale", jobId: ref.jobId, epoch: ref.epoch, reason } };
}
