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
  sendReply: "send-reply",
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
        { jobId: batchJobId(batch) },
      ),
    );
  }
  await Promise.all(jobs);
}

/** The same batch asked for twice gets the same id (BullMQ ids must not contain ':'). */
function batchJobId(messageIds: string[]): string {
  if (messageIds.length === 1) return `triage-${messageIds[0]}`;
  const digest = createHash("sha256")
    .update([...messageIds].sort().join(","))
    .digest("hex")
    .slice(0, 32);
  return `triage-batch-${digest}`;
}

export function enqueueSend(ctx: Pick<AppContext, "queue">, sendId: string): Promise<void> {
  return ctx.queue.add(queues.send, jobNames.sendReply, { sendId }, { jobId: `send-${sendId}` });
}
