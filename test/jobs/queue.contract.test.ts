import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createBullmqQueue } from "../../server/jobs/bullmq.ts";
import type { JobLogger } from "../../server/jobs/defaults.ts";
import { createInProcessQueue } from "../../server/jobs/in-process.ts";
import {
  type JobContext,
  type JobQueue,
  PermanentJobError,
  type QueueOptions,
  RetryLaterError,
} from "../../server/jobs/queue.ts";
import { testRedisUrl } from "../helpers/environment.ts";
import { deleteRedisKeys } from "../helpers/redis.ts";
import { waitFor } from "../helpers/wait.ts";

const redisUrl = testRedisUrl;
const queueName = "contract";
/** Timers may fire a millisecond early after rounding; Redis-backed delays are measured on the same clock. */
const timerSlackMs = 5;
const quietLogger: JobLogger = { warn: () => {}, error: () => {} };

interface OpenedQueue {
  queue: JobQueue;
  cleanUp(): Promise<void>;
}

interface QueueFactory {
  kind: JobQueue["kind"];
  open(defaults: Partial<QueueOptions>): OpenedQueue;
}

const factories: QueueFactory[] = [
  {
    kind: "bullmq",
    open(defaults) {
      const prefix = `mailroom-test-${randomUUID()}`;
      const queue = createBullmqQueue({ redisUrl, prefix, defaults, logger: quietLogger });
      return { queue, cleanUp: () => deleteRedisKeys(`${prefix}:*`) };
    },
  },
  {
    kind: "in-process",
    open(defaults) {
      return { queue: createInProcessQueue({ defaults, logger: quietLogger }), cleanUp: async () => {} };
    },
  },
];

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe.each(factories)("$kind job queue", (factory) => {
  const opened: OpenedQueue[] = [];

  function open(defaults: Partial<QueueOptions> = {}): JobQueue {
    const queue = factory.open({ attempts: 1, backoffMs: 20, concurrency: 1, ...defaults });
    opened.push(queue);
    return queue.queue;
  }

  async function countsOf(queue: JobQueue) {
    return queue.counts(queueName);
  }

  afterEach(async () => {
    for (const { queue, cleanUp } of opened.splice(0)) {
      await queue.close(500);
      await cleanUp();
    }
  });

  it("reports its kind and answers ping", async () => {
    const queue = open();
    expect(queue.kind).toBe(factory.kind);
    expect(await queue.ping()).toBe(true);
  });

  it("runs a job with its payload and attempt number", async () => {
    const queue = open();
    const runs: Array<{ payload: unknown; job: JobContext }> = [];
    queue.work(queueName, {
      triageMessage: async (payload, job) => {
        runs.push({ payload, job });
      },
    });

    await queue.add(
      queueName,
      "triageMessage",
      { messageId: "msg-1", tags: ["vip"] },
      { jobId: "triage-msg-1" },
    );

    await waitFor(() => runs.length === 1);
    expect(runs).toEqual([
      {
        payload: { messageId: "msg-1", tags: ["vip"] },
        job: { id: "triage-msg-1", name: "triageMessage", attempt: 1, maxAttempts: 1 },
      },
    ]);
    await waitFor(async () => (await countsOf(queue)).completed === 1);
  });

  it("holds jobs added before a worker starts and runs them once it does", async () => {
    const queue = open();
    await queue.add(queueName, "syncMailbox", { mailboxId: "mbx-1" });
    expect(await countsOf(queue)).toMatchObject({ waiting: 1, active: 0, completed: 0 });

    const payloads: unknown[] = [];
    queue.work(queueName, {
      syncMailbox: async (payload) => {
        payloads.push(payload);
      },
    });

    await waitFor(async () => (await countsOf(queue)).completed === 1);
    expect(payloads).toEqual([{ mailboxId: "mbx-1" }]);
    expect(await countsOf(queue)).toMatchObject({ waiting: 0, active: 0 });
  });

  it("retries a failing job with growing backoff until it succeeds", async () => {
    const backoffMs = 40;
    const queue = open({ attempts: 4, backoffMs });
    const attempts: number[] = [];
    const startedAt: number[] = [];
    queue.work(queueName, {
      syncMailbox: async (_payload, job) => {
        attempts.push(job.attempt);
        startedAt.push(Date.now());
        if (job.attempt < 4) throw new Error("provider answered 503");
      },
    });

    await queue.add(queueName, "syncMailbox", { mailboxId: "mbx-1" });

    await waitFor(async () => (await countsOf(queue)).completed === 1);
    expect(attempts).toEqual([1, 2, 3, 4]);
    const gaps = startedAt.slice(1).map((at, index) => at - (startedAt[index] ?? at));
    // Jitter 0.5: retry n waits between half and all of backoffMs * 2^(n-1).
    gaps.forEach((gap, index) => {
      expect(gap).toBeGreaterThanOrEqual(backoffMs * 2 ** index * 0.5 - timerSlackMs);
    });
    expect(gaps[2]).toBeGreaterThan(gaps[0] ?? Number.POSITIVE_INFINITY);
    expect(await queue.failed(queueName)).toEqual([]);
  });

  it("defers a job on RetryLaterError by its delay, spending no attempt, while other jobs go on", async () => {
    const retryAfterMs = 150;
    const queue = open({ attempts: 1, concurrency: 1 });
    const runs: { mailbox: string; attempt: number; at: number }[] = [];
    queue.work(queueName, {
      syncMailbox: async (payload, job) => {
        const { mailboxId } = payload as { mailboxId: string };
        runs.push({ mailbox: mailboxId, attempt: job.attempt, at: Date.now() });
        const throttledRuns = runs.filter((r) => r.mailbox === "throttled").length;
        if (mailboxId === "throttled" && throttledRuns < 3)
          throw new RetryLaterError("429 Retry-After", retryAfterMs);
      },
    });

    await queue.add(queueName, "syncMailbox", { mailboxId: "throttled" });
    await queue.add(queueName, "syncMailbox", { mailboxId: "healthy" });

    await waitFor(async () => (await countsOf(queue)).completed === 2);
    const throttled = runs.filter((r) => r.mailbox === "throttled");
    // One attempt allowed, yet three runs: the waits are not failures.
    expect(throttled.map((r) => r.attempt)).toEqual([1, 1, 1]);
    const gaps = throttled.slice(1).map((r, i) => r.at - (throttled[i]?.at ?? r.at));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(retryAfterMs - timerSlackMs);
    // The healthy mailbox's job did not wait behind the throttled one.
    const healthy = runs.find((r) => r.mailbox === "healthy");
    expect(healthy?.at).toBeLessThan(throttled[1]?.at ?? 0);
    expect(await queue.failed(queueName)).toEqual([]);
  });

  it("does not run a delayed job before its delay", async () => {
    const delayMs = 200;
    const queue = open();
    let ranAt: number | undefined;
    queue.work(queueName, {
      sendReminder: async () => {
        ranAt = Date.now();
      },
    });

    const addedAt = Date.now();
    await queue.add(queueName, "sendReminder", { draftId: "draft-1" }, { delayMs });
    expect((await countsOf(queue)).delayed).toBe(1);

    await waitFor(() => ranAt !== undefined);
    expect((ranAt ?? 0) - addedAt).toBeGreaterThanOrEqual(delayMs - timerSlackMs);
  });

  it("runs a job id once, also when it is added again after completing", async () => {
    const queue = open();
    const payloads: unknown[] = [];
    queue.work(queueName, {
      syncMailbox: async (payload) => {
        payloads.push(payload);
      },
    });

    // One worker slot runs jobs in order, so a run of the duplicate would show before the marker's.
    await queue.add(queueName, "syncMailbox", { run: "first" }, { jobId: "sync-mbx-7" });
    await queue.add(queueName, "syncMailbox", { run: "duplicate while waiting" }, { jobId: "sync-mbx-7" });
    await queue.add(queueName, "syncMailbox", { run: "marker-1" });
    await waitFor(() => payloads.length >= 2);

    await queue.add(queueName, "syncMailbox", { run: "duplicate after completing" }, { jobId: "sync-mbx-7" });
    await queue.add(queueName, "syncMailbox", { run: "marker-2" });
    await waitFor(() => payloads.length >= 3);

    expect(payloads).toEqual([{ run: "first" }, { run: "marker-1" }, { run: "marker-2" }]);
    await waitFor(async () => (await countsOf(queue)).completed === 3);
  });

  it("rejects job ids BullMQ cannot store", async () => {
    const queue = open();
    await expect(queue.add(queueName, "syncMailbox", {}, { jobId: "42" })).rejects.toThrow();
    await expect(queue.add(queueName, "syncMailbox", {}, { jobId: "sync:mbx-7" })).rejects.toThrow();
  });

  it("keeps a job that exhausts its attempts in failed() with its last error", async () => {
    const queue = open({ attempts: 3, backoffMs: 10 });
    let calls = 0;
    queue.work(queueName, {
      sendReply: async () => {
        calls++;
        throw new Error(`SMTP 554 rejected (try ${calls})`);
      },
    });

    await queue.add(queueName, "sendReply", { draftId: "draft-1" }, { jobId: "send-draft-1" });

    await waitFor(async () => (await queue.failed(queueName)).length === 1);
    expect(await queue.failed(queueName)).toEqual([
      {
        id: "send-draft-1",
        name: "sendReply",
        payload: { draftId: "draft-1" },
        error: "SMTP 554 rejected (try 3)",
        attempts: 3,
      },
    ]);
    expect(calls).toBe(3);
    expect(await countsOf(queue)).toMatchObject({ waiting: 0, delayed: 0, active: 0, failed: 1 });
  });

  it("lets a job's own attempts override the queue's", async () => {
    const queue = open({ attempts: 5, backoffMs: 10 });
    queue.work(queueName, {
      sendReply: async () => {
        throw new Error("SMTP 451 try later");
      },
    });

    await queue.add(queueName, "sendReply", { draftId: "draft-2" }, { attempts: 2 });

    await waitFor(async () => (await queue.failed(queueName)).length === 1);
    expect((await queue.failed(queueName))[0]).toMatchObject({ attempts: 2, error: "SMTP 451 try later" });
  });

  it("fails a job at once on PermanentJobError", async () => {
    const queue = open({ attempts: 5, backoffMs: 10 });
    let calls = 0;
    queue.work(queueName, {
      sendReply: async () => {
        calls++;
        throw new PermanentJobError("grant revoked for mailbox mbx-1");
      },
    });

    await queue.add(queueName, "sendReply", { draftId: "draft-3" });

    await waitFor(async () => (await queue.failed(queueName)).length === 1);
    expect((await queue.failed(queueName))[0]).toMatchObject({
      name: "sendReply",
      error: "grant revoked for mailbox mbx-1",
      attempts: 1,
    });
    expect(calls).toBe(1);
  });

  it("fails a job with no handler at once, naming the job", async () => {
    const queue = open({ attempts: 5, backoffMs: 10 });
    queue.work(queueName, { syncMailbox: async () => {} });

    await queue.add(queueName, "renewWatch", { mailboxId: "mbx-1" });

    await waitFor(async () => (await queue.failed(queueName)).length === 1);
    const [failed] = await queue.failed(queueName);
    expect(failed).toMatchObject({ name: "renewWatch", attempts: 1 });
    expect(failed?.error).toContain("renewWatch");
  });

  it("never runs more jobs at once than its concurrency", async () => {
    const queue = open({ concurrency: 1 });
    let active = 0;
    let mostActive = 0;
    queue.work(
      queueName,
      {
        triageMessage: async () => {
          active++;
          mostActive = Math.max(mostActive, active);
          await new Promise((resolve) => setTimeout(resolve, 60));
          active--;
        },
      },
      { concurrency: 2 },
    );

    for (let index = 0; index < 6; index++) {
      await queue.add(queueName, "triageMessage", { messageId: `msg-${index}` });
    }

    await waitFor(async () => (await countsOf(queue)).completed === 6);
    expect(mostActive).toBe(2);
  });

  it("close() waits for an active job that finishes within the timeout", async () => {
    const queue = open();
    let finished = false;
    let started = false;
    queue.work(queueName, {
      sendReply: async () => {
        started = true;
        await new Promise((resolve) => setTimeout(resolve, 150));
        finished = true;
      },
    });
    await queue.add(queueName, "sendReply", { draftId: "draft-4" });
    await waitFor(() => started);

    await queue.close(5_000);

    expect(finished).toBe(true);
    expect(await queue.ping()).toBe(false);
  });

  it("close() stops waiting for an active job after the timeout", async () => {
    const queue = open();
    const release = deferred();
    let started = false;
    let finished = false;
    queue.work(queueName, {
      sendReply: async () => {
        started = true;
        await release.promise;
        finished = true;
      },
    });
    await queue.add(queueName, "sendReply", { draftId: "draft-5" });
    await waitFor(() => started);

    const closingAt = Date.now();
    await queue.close(100);
    const closedAfter = Date.now() - closingAt;

    expect(finished).toBe(false);
    expect(closedAfter).toBeGreaterThanOrEqual(100 - timerSlackMs);
    expect(closedAfter).toBeLessThan(2_000);
    release.resolve();
  });
});

// Beyond the contract: what only a store that outlives the process can show.
describe("bullmq job queue across processes", () => {
  it("stores the result of a job that finished while closing", async () => {
    const prefix = `mailroom-test-${randomUUID()}`;
    const first = createBullmqQueue({ redisUrl, prefix, logger: quietLogger });
    const second = createBullmqQueue({ redisUrl, prefix, logger: quietLogger });
    try {
      let started = false;
      first.work(
        queueName,
        {
          sendReply: async () => {
            started = true;
            await new Promise((resolve) => setTimeout(resolve, 100));
          },
        },
        { concurrency: 1 },
      );
      await first.add(queueName, "sendReply", { draftId: "draft-6" });
      await first.add(queueName, "sendReply", { draftId: "draft-7" });
      await waitFor(() => started);

      await first.close(5_000);

      expect(await second.counts(queueName)).toMatchObject({ completed: 1, waiting: 1, active: 0 });
    } finally {
      await first.close();
      await second.close();
      await deleteRedisKeys(`${prefix}:*`);
    }
  });

  it("closes within its timeout while Redis is unreachable", async () => {
    const queue = createBullmqQueue({ redisUrl: "redis://127.0.0.1:1", logger: quietLogger });
    queue.work(queueName, { syncMailbox: async () => {} });

    const closingAt = Date.now();
    await queue.close(200);

    expect(Date.now() - closingAt).toBeLessThan(2_000);
  });
});
