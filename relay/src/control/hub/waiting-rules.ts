/**
 * Jobs submitted ahead (PROTOCOL.md J6–J9): a submitter that knows what follows a job (a chain
 * of runner nodes) submits the next one early with `after: {key, port}`. Such a job is stored
 * as waiting and never offered; the decision that stores its predecessor's result also
 * releases it (queued, its input the predecessor's output) or removes it. So the next offer
 * leaves after that one commit: one fsync per hop instead of two, and since the waiter's own
 * submit was committed earlier, a stored key still never runs twice (J1).
 */
import { checkJson, defaultMaxPayloadBytes } from "@nexus-flow/shared";
import type { JobOutcome } from "@nexus-flow/shared/protocol";
import { enqueue, type Effect, type JobBook, type JobRecord } from "./job-book.ts";

/**
 * J6, J9: places a new job that names `after`. An open predecessor: the job waits. A finished
 * one: the job is released or removed at once, by the rules of J7 and J8. An unknown one
 * (never submitted, or its result forgotten after 24 hours, J3): the job is refused (removed,
 * with words), since its input would be unknown.
 * @example placeWaiter(book, job, book.jobs.get(job.after.key), now) // [] while the predecessor runs
 */
export function placeWaiter(book: JobBook, job: JobRecord, predecessor: JobRecord | undefined, now: number): Effect[] {
  const after = job.after!;
  job.status = "waiting";
  if (!predecessor) {
    return [{ kind: "removed", jobId: job.id, reason: `it was submitted after job ${after.key}, which this hub does not know (never submitted, or finished more than a day ago): submit it without "after"` }];
  }
  book.jobs.set(job.id, job);
  book.dirty.add(job.id);
  let waiting = book.waiters.get(after.key);
  if (!waiting) book.waiters.set(after.key, (waiting = new Set()));
  waiting.add(job.id);
  return predecessor.status === "finished" ? settleWaiters(book, predecessor, now) : [];
}

/** A waiting job restored from storage after a restart: it waits again (its predecessor is open, J7). */
export function restoreWaiter(book: JobBook, job: JobRecord): void {
  let waiting = book.waiters.get(job.after!.key);
  if (!waiting) book.waiters.set(job.after!.key, (waiting = new Set()));
  waiting.add(job.id);
}

/**
 * J7, J8: `predecessor` just finished (in the decision that stores its result): each job waiting
 * on it is released into its queue with the predecessor's output as input, or removed with the
 * jobs waiting on it, in turn. The caller dispatches afterwards.
 */
export function settleWaiters(book: JobBook, predecessor: JobRecord, now: number): Effect[] {
  const ids = book.waiters.get(predecessor.id);
  if (!ids) return [];
  book.waiters.delete(predecessor.id);
  const effects: Effect[] = [];
  for (const id of ids) {
    const waiter = book.jobs.get(id);
    if (!waiter || waiter.status !== "waiting") continue;
    const refusal = whyNotReleased(predecessor, waiter);
    if (refusal) effects.push(...removeWaiter(book, waiter, refusal));
    else releaseWaiter(book, waiter, (predecessor.outcome as Extract<JobOutcome, { ok: true }>).output, now);
  }
  return effects;
}

/**
 * J8: removes a waiting job and, in turn, every job waiting on it. None of them ran: their rows
 * go and their keys are free for a later submit. Each submitter hears `removed`.
 */
export function removeWaiter(book: JobBook, job: JobRecord, reason: string): Effect[] {
  const effects: Effect[] = [{ kind: "removed", jobId: job.id, reason }];
  book.waiters.get(job.after!.key)?.delete(job.id);
  book.jobs.delete(job.id);
  book.dirty.delete(job.id);
  book.removed.add(job.id);
  const next = book.waiters.get(job.id);
  book.waiters.delete(job.id);
  for (const id of next ?? []) {
    const waiter = book.jobs.get(id);
    if (waiter) effects.push(...removeWaiter(book, waiter, `job ${job.id}, which it waited on, was removed before it ran`));
  }
  return effects;
}

function releaseWaiter(book: JobBook, job: JobRecord, output: unknown, now: number): void {
  job.payload = { ...(job.payload as object), input: output };
  job.submittedAt = now;
  if (job.scheduleToStartMs !== undefined) {
    job.startBy = now + job.scheduleToStartMs; // L8 counts from when it may start
    book.startDeadlines.add(job.id);
  }
  enqueue(book, job);
}

/**
 * Why a finished predecessor does not release `waiter`, in words, or undefined. Besides failure
 * and another port, an output over the flow's payload limit is refused: the submitter's engine
 * fails that predecessor (SPEC B1, B2) and must not find its successor run.
 */
function whyNotReleased(predecessor: JobRecord, waiter: JobRecord): string | undefined {
  const outcome = predecessor.outcome!;
  if (!outcome.ok) return `job ${predecessor.id}, which it waited on, ended ${outcome.error.code}: it never ran`;
  const after = waiter.after!;
  const port = outcome.port ?? after.defaultPort;
  if (after.port !== undefined && port !== after.port) return `job ${predecessor.id}, which it waited on, sent its output on port "${port ?? "(none)"}", not "${after.port}": it never ran`;
  const limit = (waiter.payload as { maxPayloadBytes?: number }).maxPayloadBytes ?? defaultMaxPayloadBytes;
  const checked = checkJson(outcome.output, { stopAbove: limit });
  if (!checked.ok || checked.size > limit) return `the output of job ${predecessor.id}, which it waited on, is over the payload limit: it never ran`;
  return undefined;
}
