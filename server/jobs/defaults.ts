import type { QueueOptions } from "./queue.ts";

export type QueueName = "mail-sync" | "triage" | "send";

/** For queues without an entry in `queueDefaults`. */
export const defaultQueueOptions: QueueOptions = { attempts: 5, backoffMs: 2_000, concurrency: 4 };

export const queueDefaults: Record<QueueName, QueueOptions> = {
  // Provider APIs blip and rate-limit; a sync is cheap to redo, so ride out a ~10-minute outage.
  "mail-sync": { attempts: 8, backoffMs: 5_000, concurrency: 4 },
  // Waits on the model API and Postgres rather than on one mailbox's quota, so more can run at once.
  triage: { attempts: 5, backoffMs: 2_000, concurrency: 8 },
  // The outbox row guards duplicates; few, widely spaced attempts so a broken send surfaces for review
  // instead of hammering the mail server.
  send: { attempts: 4, backoffMs: 30_000, concurrency: 2 },
};

/**
 * Retry n waits between half and all of backoffMs * 2^(n-1) (BullMQ's jitter semantics), so workers that
 * failed together during an outage do not retry in lockstep.
 */
export const backoffJitter = 0.5;

/**
 * How long finished jobs stay in Redis. A job id only dedupes while its job is kept, so this is the window of
 * queue-level idempotency; durable idempotency lives in Postgres (unique provider message id, send key).
 * Failed jobs stay a week so someone can read why they failed.
 */
export const jobRetention = {
  completed: { age: 3_600, count: 10_000 },
  failed: { age: 7 * 24 * 3_600 },
} as const;

/** `failed()` returns at most this many jobs, newest first, so a long outage cannot flood one answer. */
export const failedPageSize = 1_000;

/**
 * Options for one queue: its built-in defaults, then the caller's overrides (tests and the demo shorten
 * backoff for every queue this way).
 */
export function resolveQueueOptions(queue: string, overrides?: Partial<QueueOptions>): QueueOptions {
  const builtIn = Object.hasOwn(queueDefaults, queue)
    ? queueDefaults[queue as QueueName]
    : defaultQueueOptions;
  return { ...builtIn, ...definedOnly(overrides) };
}

function definedOnly(options?: Partial<QueueOptions>): Partial<QueueOptions> {
  return Object.fromEntries(Object.entries(options ?? {}).filter(([, value]) => value !== undefined));
}

/** Structurally a pino logger, so the app passes its own; the default writes to the console. */
export interface JobLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const consoleJobLogger: JobLogger = {
  warn: (obj, msg) => console.warn(msg, obj),
  error: (obj, msg) => console.error(msg, obj),
};
