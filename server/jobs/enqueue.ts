import { createHash } from "node:crypto";
import type { AppContext } from "../context.ts";

/**
 * The job names and how each is added. Job ids derive from the database row the job drives, so a
 * job added twice runs once while BullMQ remembers it; Postgres guards the effect beyond that.
 */
export const queues = { sync: "mail-sync", triage: "triage", send: "send" } as const;
export const jobNames = {
  syncMailbox: "sync-mailbox",
  triageMessages: "triage-messages",
  sendReplies: "send-replies",
  outlookSubscription: "outlook-subscription",
} as const;

/**
 * Sync requests for a mailbox within one short window become one job at the window's end (trailing
 * edge): a burst of pushes or deliveries costs one sync, and the sync still runs after every request in
 * its window, so it sees what each of them announced. The job id names the mailbox and the window.
 */
export const syncWindowMs = 25;

export function enqueueSync(
  ctx: Pick<AppContext, "queue">,
  mailboxId: string,
  reason: string,
): Promise<void> {
  // Scheduling time, not the domain's clock (which tests may stop).
  const now = Date.now();
  const windowEnd = (Math.floor(now / syncWindowMs) + 1) * syncWindowMs;
  // This process already added this window's job, which cannot have started yet: adding it again would
  // be a no-op that still costs a queue round trip per delivery. A margin keeps clear of the window's end.
  const mine = addedSyncs(ctx.queue);
  const known = mine.get(mailboxId);
  if (known && known.windowEnd === windowEnd && now < windowEnd - 2) return known.added;
  const added = ctx.queue.add(
    queues.sync,
    jobNames.syncMailbox,
    { mailboxId, reason },
    { jobId: `sync-${mailboxId}-${windowEnd}`, delayMs: windowEnd - now },
  );
  mine.set(mailboxId, { windowEnd, added });
  // A failed add is not remembered: the next request tries again.
  added.catch(() => {
    if (mine.get(mailboxId)?.added === added) mine.delete(mailboxId);
  });
  return added;
}

/** The last sync window each mailbox was scheduled for, per queue (so per process and per test runtime). */
const syncsAdded = new WeakMap<object, Map<string, { windowEnd: number; added: Promise<void> }>>();
function addedSyncs(queue: object) {
  let map = syncsAdded.get(queue);
  if (!map) {
    map = new Map();
    syncsAdded.set(queue, map);
  }
  return map;
}

/**
 * Reauthorize or replace a mailbox's Graph subscription after a lifecycle notification, on the sync queue
 * (it is the mailbox's Graph quota). The job id names the event's subscription, so Graph's retries of one
 * notification make one job.
 */
export function enqueueOutlookSubscription(
  ctx: Pick<AppContext, "queue">,
  mailboxId: string,
  event: { reauthorize: string } | { replace: string },
): Promise<void> {
  const [kind, subscriptionId] =
    "reauthorize" in event ? ["reauthorize", event.reauthorize] : ["replace", event.replace];
  const digest = createHash("sha256").update(subscriptionId).digest("hex").slice(0, 24);
  return ctx.queue.add(
    queues.sync,
    jobNames.outlookSubscription,
    { mailboxId, ...event },
    { jobId: `outlook-subscription-${kind}-${mailboxId}-${digest}` },
  );
}

/** Messages one triage job takes on: a sync page's new mail, recorded together. */
export const triageBatchSize = 25;

/** Triage for stored messages, in jobs of up to `triageBatchSize`. */
export async function enqueueTriage(ctx: Pick<AppContext, "queue">, messageIds: string[]): Promise<void> {
  const jobs: Promise<void>[] = [];
  for (let i = 0; i < messageIds.length; i += triageBatchSize) {
    const batch = messageIds.slice(i, i + triageBatchSize);
    jobs.push(
      ctx.queue.add(
        queues.triage,
        jobNames.triageMessages,
        { messageIds: batch },
        { jobId: batchJobId("triage", batch) },
      ),
    );
  }
  await Promise.all(jobs);
}

/** The same rows asked for twice get the same job id (BullMQ ids must not contain ':'). */
function batchJobId(kind: string, rowIds: string[]): string {
  if (rowIds.length === 1) return `${kind}-${rowIds[0]}`;
  const digest = createHash("sha256")
    .update([...rowIds].sort().join(","))
    .digest("hex")
    .slice(0, 32);
  return `${kind}-batch-${digest}`;
}

/** Outbox rows one send job may carry (a triage batch's worth). */
export const sendBatchSize = 100;

/** Replies for outbox rows, in one job (a triage batch's automatic answers go out together). */
export function enqueueSend(ctx: Pick<AppContext, "queue">, sendIds: string[]): Promise<void> {
  if (sendIds.length === 0) return Promise.resolve();
  return ctx.queue.add(
    queues.send,
    jobNames.sendReplies,
    { sendIds },
    { jobId: batchJobId("send", sendIds) },
  );
}
