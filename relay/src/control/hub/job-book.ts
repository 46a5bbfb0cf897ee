/**
 * The hub's job decisions, pure: a book of jobs and runners, changed by one input at a time
 * with the time passed in, answering with effects for the Durable Object to carry out. No
 * workerd, no storage, no sockets here, so the lease rules (PROTOCOL.md L1–L7, C1–C3,
 * J1–J4) are property-tested with random delivery orders, duplicates and stale epochs.
 */
import type { HubMessage, JobKind, JobOutcome, LeaseRef } from "@nexus-flow/shared/protocol";
import { leaseTimings } from "@nexus-flow/shared/protocol";

/** `waiting`: submitted ahead, on its predecessor's result (rules J6–J9); never offered. */
export type JobStatus = "waiting" | "queued" | "leased" | "finished";

/** J6: what a job submitted ahead waits for: its predecessor's key, and the port its input comes on. */
export interface JobAfter {
  readonly key: string;
  /** The predecessor must end on this port; absent: any success. */
  readonly port?: string | undefined;
  /** The predecessor's port when its result names none (its node type's default). */
  readonly defaultPort?: string | undefined;
}

export interface JobRecord {
  readonly id: string;
  readonly kind: JobKind;
  readonly labels: readonly string[];
  readonly connections: readonly string[];
  /** A waiting job's `input` is replaced by its predecessor's output when it is released (J7). */
  payload: unknown;
  status: JobStatus;
  /** J6: the job it waits on, while `waiting` (kept afterwards, for the record). */
  after?: JobAfter | undefined;
  /** The last lease's epoch; 0 before the first (rule L1). */
  epoch: number;
  runnerId?: string;
  runnerName?: string;
  leaseExpiresAt?: number;
  reoffersLeft: number;
  /** The last chunk the hub accepted (rule C1). */
  ackedSeq: number;
  outcome?: JobOutcome;
  /** When it was submitted, or released from waiting (J7): its place in the queue and its wait metric. */
  submittedAt: number;
  startedAt?: number;
  finishedAt?: number;
  cancelReason?: string;
  /** The runner whose lease on this job last expired: offered to others first. */
  lostOn?: string;
  /** L8: when a job never leased ends SCHEDULE_TO_START_TIMEOUT; its timeout, for the message. */
  startBy?: number;
  scheduleToStartMs?: number;
}

export interface RunnerRecord {
  readonly id: string;
  name: string;
  labels: readonly string[];
  slots: number;
  connections: readonly string[];
  version: string;
  connected: boolean;
  draining: boolean;
  /** Jobs this runner holds a lease on. */
  readonly held: Set<string>;
  lastSeenAt: number;
}

export interface JobBook {
  readonly jobs: Map<string, JobRecord>;
  readonly runners: Map<string, RunnerRecord>;
  /** Queued job ids by what they ask for (labels and connections), oldest first. */
  readonly queues: Map<string, JobQueue>;
  readonly leased: Set<string>;
  /** Queued jobs never leased that have a start deadline (L8). */
  readonly startDeadlines: Set<string>;
  /** J6: waiting job ids by the key of the job they wait on. */
  readonly waiters: Map<string, Set<string>>;
  /** J8: jobs removed (never ran) since the host last saved: their rows go. */
  readonly removed: Set<string>;
  /** Jobs changed since the host last saved them (lease expiry times are not saved: see TeamHub). */
  readonly dirty: Set<string>;
  readonly timings: typeof leaseTimings;
}

/** What the Durable Object must do after a decision. */
export type Effect =
  | { readonly kind: "send"; readonly runnerId: string; readonly message: HubMessage }
  | { readonly kind: "started"; readonly jobId: string; readonly runnerName: string; readonly epoch: number }
  | { readonly kind: "chunk"; readonly jobId: string; readonly seq: number; readonly runnerName: string; readonly events?: readonly unknown[]; readonly lines?: readonly unknown[] }
  | { readonly kind: "lost"; readonly jobId: string; readonly runnerName: string; readonly reoffered: boolean }
  | { readonly kind: "finished"; readonly jobId: string }
  /** J8: a waiting job removed, never run; its key is free again. */
  | { readonly kind: "removed"; readonly jobId: string; readonly reason: string }
  | { readonly kind: "close"; readonly runnerId: string; readonly code: number; readonly reason: string };

export interface JobSpec {
  readonly id: string;
  readonly kind: JobKind;
  readonly labels: readonly string[];
  readonly connections?: readonly string[];
  readonly payload: unknown;
  readonly reofferBudget: number;
  /** L8: ends the job if no runner starts it this long after its submit. */
  readonly scheduleToStartMs?: number;
  /** J6: submitted ahead, waiting on another job's result. */
  readonly after?: JobAfter;
}

export interface RunnerHello {
  readonly name: string;
  readonly labels: readonly string[];
  readonly slots: number;
  readonly version: string;
  readonly connections: readonly string[];
  readonly leases: readonly LeaseRef[];
}

export function createJobBook(timings: typeof leaseTimings = leaseTimings): JobBook {
  return { jobs: new Map(), runners: new Map(), queues: new Map(), leased: new Set(), startDeadlines: new Set(), waiters: new Map(), removed: new Set(), dirty: new Set(), timings };
}

const queueKey = (job: Pick<JobRecord, "labels" | "connections">) => `${[...job.labels].sort().join(",")}|${[...job.connections].sort().join(",")}`;

/** Puts a job in its queue: at the back when new, at the front when re-offered (keeps order). */
export function enqueue(book: JobBook, job: JobRecord, front = false): void {
  job.status = "queued";
  book.dirty.add(job.id);
  const key = queueKey(job);
  let queue = book.queues.get(key);
  if (!queue) book.queues.set(key, (queue = new JobQueue()));
  if (front) queue.unshift(job.id);
  else queue.push(job.id);
}

/**
 * Job ids oldest first, taken from the front. Not an array's `shift`: with 20,000 jobs queued,
 * each shift moved every id left (a large array is not trimmed in place), ~9 % of the hub's time.
 */
export class JobQueue {
  private items: string[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  /** The oldest id, or undefined when empty. */
  first(): string | undefined {
    return this.items[this.head];
  }

  shift(): string | undefined {
    if (this.head >= this.items.length) return undefined;
    const id = this.items[this.head++];
    // Drop the taken ids now and then, in one copy, so memory follows the queue's length.
    if (this.head >= 1024 && this.head * 2 >= this.items.length) (this.items = this.items.slice(this.head)), (this.head = 0);
    return id;
  }

  push(id: string): void {
    this.items.push(id);
  }

  /** At the front: a re-offered job keeps its place. */
  unshift(id: string): void {
    if (this.head > 0) this.items[--this.head] = id;
    else this.items.unshift(id);
  }
}

/** A job's lease, if `runnerId` holds it at `epoch` (rule L2: everything else is stale). */
export function heldLease(book: JobBook, runnerId: string, ref: LeaseRef): JobRecord | undefined {
  const job = book.jobs.get(ref.jobId);
  if (!job || job.status !== "leased" || job.runnerId !== runnerId || job.epoch !== ref.epoch) return undefined;
  return job;
}

export function freeSlots(runner: RunnerRecord): number {
  return runner.connected && !runner.draining ? runner.slots - runner.held.size : 0;
}

export function canTake(runner: RunnerRecord, job: Pick<JobRecord, "labels" | "connections">): boolean {
  return job.labels.every((label) => runner.labels.includes(label)) && job.connections.every((name) => runner.connections.includes(name));
}

/** Why a queued job waits, in words ("waiting for a runner with labels gpu"). */
export function waitingReason(book: JobBook, job: Pick<JobRecord, "labels" | "connections">): string {
  const wants = [job.labels.length ? `labels ${job.labels.join(", ")}` : "", job.connections.length ? `connections ${job.connections.join(", ")}` : ""].filter(Boolean).join(" and ");
  const able = [...book.runners.values()].filter((runner) => runner.connected && canTake(runner, job));
  if (able.length === 0) return wants ? `waiting for a runner with ${wants}` : "waiting for a runner to connect";
  return "waiting for a free runner slot";
}
