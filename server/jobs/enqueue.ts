import type { AppContext } from "../context.ts";

/**
 * The job names and how each is added. Job ids derive from the database row the job drives, so a
 * job added twice runs once while BullMQ remembers it; Postgres guards the effect beyond that.
 */
export const queues = { sync: "mail-sync", triage: "triage", send: "send" } as const;
export const jobNames = {
  syncMailbox: "sync-mailbox",
  triageMessage: "triage-message",
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

export function enqueueTriage(ctx: Pick<AppContext, "queue">, messageId: string): Promise<void> {
  return ctx.queue.add(
    queues.triage,
    jobNames.triageMessage,
    { messageId },
    { jobId: `triage-${messageId}` },
  );
}

export function enqueueSend(ctx: Pick<AppContext, "queue">, sendId: string): Promise<void> {
  return ctx.queue.add(queues.send, jobNames.sendReply, { sendId }, { jobId: `send-${sendId}` });
}
