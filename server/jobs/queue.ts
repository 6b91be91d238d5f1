/**
 * The job queue contract. Two implementations honour it: BullMQ on Redis (production, many workers)
 * and an in-process runner (demo, single process). Both are tested by one contract suite
 * (test/jobs/queue.contract.test.ts).
 *
 * The database is the source of truth for every job's effect: a job only drives work whose state lives
 * in Postgres (outbox rows, message statuses), so a lost job is re-driven by the sweeper, never lost work.
 */

export interface JobOptions {
  /**
   * Adding a job whose id is already known (waiting, delayed, active, or kept after completing/failing)
   * is a no-op. Must not contain ':' and must not look like an integer (BullMQ's rules).
   */
  jobId?: string;
  /** Run no sooner than this many milliseconds from now. */
  delayMs?: number;
  /** Total attempts including the first (default from the queue's options). */
  attempts?: number;
}

export interface QueueOptions {
  /** Total attempts per job, including the first. */
  attempts: number;
  /** Exponential backoff base: retry n waits about baseDelayMs * 2^(n-1). */
  backoffMs: number;
  /** How many jobs of this queue one worker runs at once. */
  concurrency: number;
}

export interface JobContext {
  id: string;
  name: string;
  /** 1 on the first run. */
  attempt: number;
  /** The attempts this job has in all; `attempt === maxAttempts` is its last chance. */
  maxAttempts: number;
}

export type JobHandler = (payload: unknown, job: JobContext) => Promise<void>;

/** A failure that no retry can fix (bad payload, revoked grant): the job fails at once and is kept. */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

/**
 * The work cannot run yet — a provider answered 429/503 with Retry-After, or the mailbox is throttled:
 * the job runs again after `delayMs` and the wait spends none of its attempts. Only this job waits; other
 * jobs of the queue (other mailboxes) go on.
 */
export class RetryLaterError extends Error {
  override name = "RetryLaterError";
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

export interface FailedJob {
  id: string;
  name: string;
  payload: unknown;
  error: string;
  attempts: number;
}

export interface JobCounts {
  waiting: number;
  delayed: number;
  active: number;
  completed: number;
  failed: number;
}

export interface JobQueue {
  readonly kind: "bullmq" | "in-process";
  /** Enqueue a job on a named queue. Resolves when the job is durably accepted. */
  add(queue: string, name: string, payload: unknown, options?: JobOptions): Promise<void>;
  /** Start consuming a queue; handlers are chosen by job name. */
  work(queue: string, handlers: Record<string, JobHandler>, options?: Partial<QueueOptions>): void;
  /** Jobs that exhausted their attempts or failed permanently, with their last error. */
  failed(queue: string): Promise<FailedJob[]>;
  counts(queue: string): Promise<JobCounts>;
  /** True when the backing store answers. */
  ping(): Promise<boolean>;
  /** Stop taking jobs, wait for active ones up to timeoutMs, release connections. */
  close(timeoutMs?: number): Promise<void>;
}
