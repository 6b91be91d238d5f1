import { and, eq, lt } from "drizzle-orm";
import { mailboxes, messages, sends } from "../../db/schema/index.ts";
import type { AppContext } from "../context.ts";
import { ensurePush } from "../domain/mail/mailbox-lifecycle.ts";
import { resealSecrets } from "../domain/reseal-secrets.ts";
import { enqueueSend, enqueueSync, enqueueTriage, sendBatchSize } from "./enqueue.ts";

/**
 * Invariant 3: the database says what work is unfinished, so a job lost with a crashed worker or a
 * flushed Redis is driven again from here. Job ids make a re-drive of a job that is merely slow a no-op.
 */
export async function redriveUnfinishedWork(
  ctx: AppContext,
  olderThanMs = 60_000,
): Promise<{ triage: number; send: number }> {
  const before = new Date(ctx.clock().getTime() - olderThanMs);
  const stuckMessages = await ctx.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.status, "received"), lt(messages.createdAt, before)))
    .limit(1000);
  await enqueueTriage(
    ctx,
    stuckMessages.map((m) => m.id),
  );
  const stuckSends = await ctx.db
    .select({ id: sends.id })
    .from(sends)
    .where(and(eq(sends.status, "pending"), lt(sends.updatedAt, before)))
    .limit(1000);
  for (let i = 0; i < stuckSends.length; i += sendBatchSize)
    await enqueueSend(
      ctx,
      stuckSends.slice(i, i + sendBatchSize).map((s) => s.id),
    );
  return { triage: stuckMessages.length, send: stuckSends.length };
}

/** A periodic sync of every active mailbox, so a missed push costs minutes, not messages. */
export async function pollMailboxes(ctx: AppContext): Promise<void> {
  const active = await ctx.db
    .select({ id: mailboxes.id })
    .from(mailboxes)
    .where(eq(mailboxes.status, "active"));
  for (const m of active) await enqueueSync(ctx, m.id, "periodic poll");
}

/**
 * Push channels expire (a Gmail watch after 7 days, a Graph subscription after ~7): renew each one that
 * is due (both checks are one row read when nothing is due). A mailbox whose renewal
 * fails keeps the error on its channel (Mailboxes page) and is still polled.
 */
export async function renewPushChannels(ctx: AppContext): Promise<void> {
  const active = await ctx.db
    .select({ id: mailboxes.id, provider: mailboxes.provider })
    .from(mailboxes)
    .where(eq(mailboxes.status, "active"));
  for (const m of active) {
    try {
      await ensurePush(ctx, m);
    } catch (error) {
      ctx.logger.warn({ mailboxId: m.id, err: (error as Error).message }, "push channel renewal failed");
    }
  }
}

/** Run them all on an interval; returns a stop function. */
export function startSweeper(ctx: AppContext, everyMs = 60_000): () => void {
  const tick = async () => {
    try {
      await redriveUnfinishedWork(ctx);
      await pollMailboxes(ctx);
      await renewPushChannels(ctx);
      await resealSecrets(ctx);
    } catch (error) {
      ctx.logger.warn({ err: error }, "sweeper tick failed");
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
