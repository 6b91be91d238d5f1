import { z } from "zod";
import type { AppContext } from "../context.ts";
import { MailboxNeedsReconnectError, NotFoundError } from "../domain/errors.ts";
import { ensureOutlookSubscription } from "../domain/mail/outlook-subscriptions.ts";
import { maxThrottleMs, retryAfterOf } from "../domain/mail/providers.ts";
import { failSends, sendReplies } from "../domain/mail/send-replies.ts";
import { syncMailbox } from "../domain/mail/sync-mailbox.ts";
import { triageMessages } from "../domain/triage/triage-messages.ts";
import { queueDefaults } from "./defaults.ts";
import { jobNames, queues, sendBatchSize, triageBatchSize } from "./enqueue.ts";
import { type JobContext, type JobHandler, PermanentJobError, RetryLaterError } from "./queue.ts";

/**
 * One processor per job name, each with a required payload schema: a job whose payload does not parse
 * fails permanently with the reason (kept in the failed set), never runs on trusted-by-type data.
 */
function processor<S extends z.ZodType>(
  schema: S,
  run: (payload: z.infer<S>, job: JobContext) => Promise<void>,
): JobHandler {
  return async (payload, job) => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw new PermanentJobError(`invalid ${job.name} payload: ${parsed.error.message}`);
    try {
      await run(parsed.data, job);
    } catch (error) {
      // A row that does not exist will not appear on retry; a revoked grant will not heal by itself.
      if (error instanceof NotFoundError || error instanceof MailboxNeedsReconnectError)
        throw new PermanentJobError(error.message);
      // The provider said when to come back (Retry-After): wait that long, spending no attempt.
      const waitMs = retryAfterOf(error);
      if (waitMs !== null)
        throw new RetryLaterError((error as Error).message, Math.min(Math.max(waitMs, 1), maxThrottleMs));
      throw error;
    }
  };
}

export function startWorkers(ctx: AppContext): void {
  ctx.queue.work(
    queues.sync,
    {
      [jobNames.syncMailbox]: processor(
        z.object({ mailboxId: z.uuid(), reason: z.string().optional() }),
        async (p) => {
          await syncMailbox(ctx, p.mailboxId);
        },
      ),
      [jobNames.outlookSubscription]: processor(
        z.union([
          z.object({ mailboxId: z.uuid(), reauthorize: z.string().min(1) }).strict(),
          z.object({ mailboxId: z.uuid(), replace: z.string().min(1) }).strict(),
        ]),
        async ({ mailboxId, ...event }) => {
          await ensureOutlookSubscription(ctx, mailboxId, event);
        },
      ),
    },
    queueDefaults["mail-sync"],
  );
  ctx.queue.work(
    queues.triage,
    {
      [jobNames.triageMessages]: processor(
        z.object({ messageIds: z.array(z.uuid()).min(1).max(triageBatchSize) }),
        async (p) => {
          await triageMessages(ctx, p.messageIds);
        },
      ),
    },
    queueDefaults.triage,
  );
  ctx.queue.work(
    queues.send,
    {
      [jobNames.sendReplies]: processor(
        z.object({ sendIds: z.array(z.uuid()).min(1).max(sendBatchSize) }),
        async (p, job) => {
          try {
            await sendReplies(ctx, p.sendIds);
          } catch (error) {
            const last = error instanceof PermanentJobError || job.attempt >= job.maxAttempts;
            if (last) await failSends(ctx, p.sendIds, (error as Error).message);
            throw error;
          }
        },
      ),
    },
    queueDefaults.send,
  );
}
