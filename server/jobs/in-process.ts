import {
  backoffJitter,
  consoleJobLogger,
  failedPageSize,
  type JobLogger,
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

/** Finished job ids remembered per queue so a re-added id stays a no-op; the oldest are forgotten first. */
const rememberedIdLimit = 100_000;
/** Failed jobs kept per queue; the oldest are dropped first. */
const keptFailedLimit = 10_000;

export interface InProcessQueueOptions {
  /** Overrides the built-in options of every queue. */
  defaults?: Partial<QueueOptions>;
  logger?: JobLogger;
}

interface PendingJob {
  id: string;
  name: string;
  /** Kept as JSON, as Redis would keep it: each attempt gets a fresh copy and unserialisable payloads fail at add. */
  payload: string | undefined;
  attempts: number;
  backoffMs: number;
  attemptsMade: number;
  dueTimer?: NodeJS.Timeout;
}

interface QueueState {
  name: string;
  waiting: PendingJob[];
  delayed: Set<PendingJob>;
  active: Set<PendingJob>;
  /** Ids of waiting, delayed and active jobs: never forgotten while the job lives. */
  liveIds: Set<string>;
  finishedIds: Set<string>;
  completed: number;
  failed: FailedJob[];
  worker?: { handlers: Record<string, JobHandler>; concurrency: number };
  pumpScheduled: boolean;
}

/**
 * Runs jobs inside this process, for the single-process demo and tests. Nothing survives a restart: a job lost
 * that way is re-driven from Postgres by the sweeper, like a lost BullMQ job.
 *
 * As with BullMQ, attempts and backoff are fixed when a job is added; `work()` options only set concurrency.
 * One worker per queue.
 */
export function createInProcessQueue(options: InProcessQueueOptions = {}): JobQueue {
  const logger = options.logger ?? consoleJobLogger;
  const queues = new Map<string, QueueState>();
  const idleWaiters: Array<() => void> = [];
  let running = 0;
  let lastJobNumber = 0;
  let closed = false;
  let closing: Promise<void> | undefined;

  function stateOf(queue: string): QueueState {
    let state = queues.get(queue);
    if (!state) {
      state = {
        name: queue,
        waiting: [],
        delayed: new Set(),
        active: new Set(),
        liveIds: new Set(),
        finishedIds: new Set(),
        completed: 0,
        failed: [],
        pumpScheduled: false,
      };
      queues.set(queue, state);
    }
    return state;
  }

  // Deferred so a handler never runs inside add() or work(), as it never would with Redis in between.
  function schedulePump(state: QueueState): void {
    if (state.pumpScheduled) return;
    state.pumpScheduled = true;
    setImmediate(() => {
      state.pumpScheduled = false;
      pump(state);
    });
  }

  function pump(state: QueueState): void {
    const worker = state.worker;
    while (!closed && worker && state.active.size < worker.concurrency) {
      const job = state.waiting.shift();
      if (!job) return;
      void run(state, worker.handlers, job);
    }
  }

  async function run(
    state: QueueState,
    handlers: Record<string, JobHandler>,
    job: PendingJob,
  ): Promise<void> {
    state.active.add(job);
    running++;
    const attempt = job.attemptsMade + 1;
    try {
      const handler = Object.hasOwn(handlers, job.name) ? handlers[job.name] : undefined;
      if (!handler) throw new PermanentJobError(`no handler for job "${job.name}" on queue "${state.name}"`);
      await handler(parsePayload(job.payload), {
        id: job.id,
        name: job.name,
        attempt,
        maxAttempts: job.attempts,
      });
      state.completed++;
      finish(state, job);
    } catch (err) {
      if (err instanceof RetryLaterError && !closed) {
        logger.warn(
          { queue: state.name, jobId: job.id, name: job.name, delayMs: err.delayMs, err: err.message },
          "job deferred",
        );
        delay(state, job, Math.max(1, err.delayMs));
        return;
      }
      job.attemptsMade = attempt;
      const error = err instanceof Error ? err.message : String(err);
      const context = { queue: state.name, jobId: job.id, name: job.name, attempt, err: error };
      if (err instanceof PermanentJobError || attempt >= job.attempts) {
        keepFailed(state, {
          id: job.id,
          name: job.name,
          payload: parsePayload(job.payload),
          error,
          attempts: attempt,
        });
        finish(state, job);
        logger.error(context, "job failed");
      } else if (closed) {
        state.liveIds.delete(job.id);
        logger.warn(context, "job attempt failed while closing; not retried in this process");
      } else {
        const retryInMs = retryDelayMs(job.backoffMs, attempt);
        logger.warn({ ...context, retryInMs }, "job attempt failed; will retry");
        delay(state, job, retryInMs);
      }
    } finally {
      state.active.delete(job);
      running--;
      if (running === 0) for (const wake of idleWaiters.splice(0)) wake();
      schedulePump(state);
    }
  }

  function delay(state: QueueState, job: PendingJob, ms: number): void {
    state.delayed.add(job);
    job.dueTimer = setTimeout(() => {
      state.delayed.delete(job);
      job.dueTimer = undefined;
      state.waiting.push(job);
      pump(state);
    }, ms);
  }

  function finish(state: QueueState, job: PendingJob): void {
    state.liveIds.delete(job.id);
    state.finishedIds.add(job.id);
    if (state.finishedIds.size > rememberedIdLimit) {
      const oldest = state.finishedIds.values().next().value;
      if (oldest !== undefined) state.finishedIds.delete(oldest);
    }
  }

  function keepFailed(state: QueueState, failed: FailedJob): void {
    state.failed.push(failed);
    if (state.failed.length > keptFailedLimit) state.failed.shift();
  }

  function waitForIdle(timeoutMs: number): Promise<boolean> {
    if (running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  async function shutDown(timeoutMs: number): Promise<void> {
    for (const state of queues.values()) {
      for (const job of state.delayed) clearTimeout(job.dueTimer);
      const dropped = state.waiting.length + state.delayed.size;
      if (dropped > 0) {
        logger.warn(
          { queue: state.name, dropped },
          "closing with jobs not yet run; the sweeper re-drives them",
        );
      }
      state.delayed.clear();
      state.waiting.length = 0;
    }
    if (!(await waitForIdle(timeoutMs))) {
      logger.warn({ active: running, timeoutMs }, "closed while jobs were still running");
    }
  }

  return {
    kind: "in-process",

    async add(queue: string, name: string, payload: unknown, jobOptions: JobOptions = {}): Promise<void> {
      if (closed) throw new Error("job queue is closed");
      if (jobOptions.jobId !== undefined) assertJobId(jobOptions.jobId);
      const state = stateOf(queue);
      const id = jobOptions.jobId ?? String(++lastJobNumber);
      if (state.liveIds.has(id) || state.finishedIds.has(id)) return;
      const settings = resolveQueueOptions(queue, options.defaults);
      const job: PendingJob = {
        id,
        name,
        payload: JSON.stringify(payload),
        attempts: jobOptions.attempts ?? settings.attempts,
        backoffMs: settings.backoffMs,
        attemptsMade: 0,
      };
      state.liveIds.add(id);
      if (jobOptions.delayMs && jobOptions.delayMs > 0) {
        delay(state, job, jobOptions.delayMs);
      } else {
        state.waiting.push(job);
        schedulePump(state);
      }
    },

    work(queue: string, handlers: Record<string, JobHandler>, workOptions?: Partial<QueueOptions>): void {
      if (closed) throw new Error("job queue is closed");
      const state = stateOf(queue);
      if (state.worker) throw new Error(`queue "${queue}" already has a worker in this process`);
      const concurrency =
        workOptions?.concurrency ?? resolveQueueOptions(queue, options.defaults).concurrency;
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new RangeError(
          `concurrency for queue "${queue}" must be a positive integer, got ${concurrency}`,
        );
      }
      state.worker = { handlers, concurrency };
      schedulePump(state);
    },

    async failed(queue: string): Promise<FailedJob[]> {
      return stateOf(queue).failed.slice(-failedPageSize).reverse();
    },

    async counts(queue: string): Promise<JobCounts> {
      const state = stateOf(queue);
      return {
        waiting: state.waiting.length,
        delayed: state.delayed.size,
        active: state.active.size,
        completed: state.completed,
        failed: state.failed.length,
      };
    },

    async ping(): Promise<boolean> {
      return !closed;
    },

    close(timeoutMs = 10_000): Promise<void> {
      if (!closing) {
        closed = true;
        closing = shutDown(timeoutMs);
      }
      return closing;
    },
  };
}

/** Mirrors BullMQ's exponential strategy with jitter, so both runners pace retries alike. */
function retryDelayMs(backoffMs: number, attemptsMade: number): number {
  const ceiling = Math.round(backoffMs * 2 ** (attemptsMade - 1));
  return Math.floor(ceiling * (1 - backoffJitter) + Math.random() * ceiling * backoffJitter);
}

/** BullMQ's rules, enforced here too so an id that works in the demo works in production. */
function assertJobId(jobId: string): void {
  if (String(Number.parseInt(jobId, 10)) === jobId)
    throw new Error(`job id "${jobId}" must not be an integer`);
  if (jobId.includes(":")) throw new Error(`job id "${jobId}" must not contain ":"`);
}

function parsePayload(payload: string | undefined): unknown {
  return payload === undefined ? undefined : JSON.parse(payload);
}
