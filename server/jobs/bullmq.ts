import { DelayedError, type Job, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import {
  backoffJitter,
  consoleJobLogger,
  failedPageSize,
  type JobLogger,
  jobRetention,
  resolveQueueOptions,
} from "./defaults.ts";
import {
  type FailedJob,
  type JobCounts,
  type JobHandler,
  type JobOptions,
  type JobQueue,
  PermanentJobError,
  type QueueOptions,
  RetryLaterError,
} from "./queue.ts";

/** A health check must answer even while ioredis is still retrying a dead server. */
const pingTimeoutMs = 2_000;
/** Bounds quitting politely; a server that does not answer gets its socket dropped instead. */
const quitTimeoutMs = 1_000;

export interface BullmqQueueOptions {
  redisUrl: string;
  /** Namespaces every key; tests isolate themselves with a random one. */
  prefix?: string;
  /** Overrides the built-in options of every queue. */
  defaults?: Partial<QueueOptions>;
  logger?: JobLogger;
}

/**
 * Jobs on Redis through BullMQ. Attempts and backoff are stored on each job when it is added, so `work()` options
 * only set concurrency. A job id dedupes only while BullMQ keeps the job (`jobRetention`); durable idempotency
 * lives in Postgres.
 */
export function createBullmqQueue(options: BullmqQueueOptions): JobQueue {
  const prefix = options.prefix ?? "mailroom";
  const logger = options.logger ?? consoleJobLogger;
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];
  // Keyed by queue and job id, entered when a job starts and left once BullMQ has stored its outcome
  // ('completed' / 'failed' fire after the Redis write), so close() never cuts a result half-recorded.
  const unsettled = new Set<string>();
  const idleWaiters: Array<() => void> = [];
  let producer: Redis | undefined;
  let closing: Promise<void> | undefined;

  // Queues share one connection; each worker opens its own, as BullMQ needs for its blocking fetch.
  function producerConnection(): Redis {
    if (!producer) {
      producer = new Redis(options.redisUrl);
      producer.on("error", (err: Error) => logger.warn({ err: err.message }, "redis connection error"));
    }
    return producer;
  }

  function queueFor(name: string): Queue {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: producerConnection(), prefix });
      queue.on("error", (err) => logger.error({ queue: name, err: err.message }, "job queue error"));
      queues.set(name, queue);
    }
    return queue;
  }

  async function runJob(
    queue: string,
    handlers: Record<string, JobHandler>,
    job: Job,
    token: string | undefined,
  ): Promise<void> {
    unsettled.add(jobKey(queue, job));
    const handler = Object.hasOwn(handlers, job.name) ? handlers[job.name] : undefined;
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}" on queue "${queue}"`);
    try {
      await handler(job.data, {
        id: job.id ?? "",
        name: job.name,
        attempt: job.attemptsMade + 1,
        maxAttempts: job.opts.attempts ?? 1,
      });
    } catch (err) {
      // UnrecoverableError is how BullMQ skips the remaining attempts.
      if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
      if (err instanceof RetryLaterError) {
        // BullMQ's documented way to wait without failing: move the job to delayed, then DelayedError.
        await job.moveToDelayed(Date.now() + Math.max(1, err.delayMs), token);
        logger.warn(
          { queue, jobId: job.id, name: job.name, delayMs: err.delayMs, err: err.message },
          "job deferred",
        );
        settle(queue, job);
        throw new DelayedError();
      }
      throw err instanceof Error ? err : new Error(String(err));
    }
  }

  function settle(queue: string, job: Job | undefined): void {
    if (!job) return;
    unsettled.delete(jobKey(queue, job));
    if (unsettled.size === 0) for (const wake of idleWaiters.splice(0)) wake();
  }

  function logFailure(queue: string, job: Job | undefined, err: Error): void {
    settle(queue, job);
    if (!job) return;
    const context = { queue, jobId: job.id, name: job.name, attempt: job.attemptsMade, err: err.message };
    const final = err.name === UnrecoverableError.name || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) logger.error(context, "job failed");
    else logger.warn(context, "job attempt failed; will retry");
  }

  function waitForIdle(timeoutMs: number): Promise<boolean> {
    if (unsettled.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  async function shutDown(timeoutMs: number): Promise<void> {
    // worker.close() waits for active jobs with no timeout (and hangs while Redis is unreachable), and once
    // called it cannot be turned into a forced close. So stop fetching, wait against our own deadline, then
    // close forced: by then every job has either stored its outcome or been abandoned.
    await Promise.allSettled(workers.map((worker) => worker.pause(true)));
    if (!(await waitForIdle(timeoutMs))) {
      // Their locks expire and another worker's stalled check retries them; handlers are idempotent.
      logger.warn({ active: unsettled.size, timeoutMs }, "closing while jobs are still running");
    }
    const closed = await Promise.allSettled([
      ...workers.map((worker) => worker.close(true)),
      ...[...queues.values()].map((queue) => queue.close()),
    ]);
    for (const result of closed) {
      if (result.status === "rejected") {
        logger.warn({ err: String(result.reason) }, "error while closing jobs");
      }
    }
    if (producer?.status === "ready") await settlesWithin(producer.quit(), quitTimeoutMs);
    producer?.disconnect();
  }

  return {
    kind: "bullmq",

    async add(queue: string, name: string, payload: unknown, jobOptions: JobOptions = {}): Promise<void> {
      if (closing) throw new Error("job queue is closed");
      const settings = resolveQueueOptions(queue, options.defaults);
      // A duplicate jobId makes BullMQ return the existing job without adding one.
      await queueFor(queue).add(name, payload, {
        jobId: jobOptions.jobId,
        delay: jobOptions.delayMs,
        attempts: jobOptions.attempts ?? settings.attempts,
        backoff: { type: "exponential", delay: settings.backoffMs, jitter: backoffJitter },
        removeOnComplete: jobRetention.completed,
        removeOnFail: jobRetention.failed,
      });
    },

    work(queue: string, handlers: Record<string, JobHandler>, workOptions?: Partial<QueueOptions>): void {
      if (closing) throw new Error("job queue is closed");
      const concurrency =
        workOptions?.concurrency ?? resolveQueueOptions(queue, options.defaults).concurrency;
      const worker = new Worker(queue, (job, token) => runJob(queue, handlers, job, token), {
        connection: { url: options.redisUrl, maxRetriesPerRequest: null },
        prefix,
        concurrency,
      });
      worker.on("error", (err) => logger.error({ queue, err: err.message }, "job worker error"));
      worker.on("completed", (job) => settle(queue, job));
      worker.on("failed", (job, err) => logFailure(queue, job, err));
      workers.push(worker);
    },

    async failed(queue: string): Promise<FailedJob[]> {
      const jobs = await queueFor(queue).getFailed(0, failedPageSize - 1);
      return jobs.map((job) => ({
        id: job.id ?? "",
        name: job.name,
        payload: job.data,
        error: job.failedReason,
        attempts: job.attemptsMade,
      }));
    },

    async counts(queue: string): Promise<JobCounts> {
      const counts = await queueFor(queue).getJobCounts(
        "waiting",
        "delayed",
        "active",
        "completed",
        "failed",
      );
      return {
        waiting: counts.waiting ?? 0,
        delayed: counts.delayed ?? 0,
        active: counts.active ?? 0,
        completed: counts.completed ?? 0,
        failed: counts.failed ?? 0,
      };
    },

    async ping(): Promise<boolean> {
      if (closing) return false;
      try {
        const answer = producerConnection().ping();
        answer.catch(() => {});
        return (await settlesWithin(answer, pingTimeoutMs)) && (await answer) === "PONG";
      } catch {
        return false;
      }
    },

    close(timeoutMs = 10_000): Promise<void> {
      closing ??= shutDown(timeoutMs);
      return closing;
    },
  };
}

/** True when the promise settles within the time; a rejection counts as settled and is left to the caller. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function jobKey(queue: string, job: Job): string {
  return `${queue}:${job.id}`;
}
