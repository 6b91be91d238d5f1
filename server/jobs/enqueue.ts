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
} as const;

export function enqueueSync(
  ctx: Pick<AppContext, "queue">,
  mailboxId: string,
  reason: string,
): Promise<void> {
  // No job id: a sync asked for while one runs must still run after it, to see what arrived meanwhile.
  return ctx.queue.add(queues.sync, jobNames.syncMailbox, { mailboxId, reason });
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
