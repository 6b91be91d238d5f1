import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { mailboxes, mailPushChannels } from "../../../db/schema/index.ts";
import { GmailMailbox, verifyPushToken } from "../../../integrations/mail/gmail/index.ts";
import type { AppContext } from "../../context.ts";
import { InvalidInputError } from "../errors.ts";
import { mailProviderFor } from "./providers.ts";
import { requestSync } from "./sync-mailbox.ts";

/** Renew a watch when it has less than this left (Gmail's last 7 days; Google advises renewing daily). */
export const watchRenewBeforeMs = 6 * 24 * 60 * 60_000;

/**
 * Make sure Gmail publishes this mailbox's inbox changes to the configured Pub/Sub topic: watch when there
 * is no watch or it is due for renewal. Without a topic (no push configured) the periodic poll is the only
 * sync trigger, and nothing happens here. A failure is kept on the channel for the Mailboxes page and
 * thrown.
 */
export async function ensureGmailWatch(
  ctx: AppContext,
  mailboxId: string,
): Promise<{ expiresAt: Date } | null> {
  const topic = ctx.config.gmail.pubsubTopic;
  if (!topic) return null;
  const [channel] = await ctx.db
    .select()
    .from(mailPushChannels)
    .where(eq(mailPushChannels.mailboxId, mailboxId));
  const now = ctx.clock().getTime();
  if (channel && channel.externalId === topic && channel.expiresAt.getTime() - now > watchRenewBeforeMs)
    return { expiresAt: channel.expiresAt };
  const { mailbox, provider } = await mailProviderFor(ctx, mailboxId);
  if (mailbox.provider !== "gmail") throw new InvalidInputError(`mailbox ${mailbox.address} is not Gmail`);
  try {
    const { expiresAt } = await (provider as GmailMailbox).watch(topic);
    await ctx.db
      .insert(mailPushChannels)
      .values({ mailboxId, externalId: topic, expiresAt, lastError: null })
      .onConflictDoUpdate({
        target: mailPushChannels.mailboxId,
        set: { externalId: topic, expiresAt, lastError: null, updatedAt: new Date() },
      });
    return { expiresAt };
  } catch (error) {
    const message = error instanceof Error ? error.message.slice(0, 500) : String(error);
    await ctx.db
      .insert(mailPushChannels)
      .values({ mailboxId, externalId: topic, expiresAt: new Date(0), lastError: message })
      .onConflictDoUpdate({ target: mailPushChannels.mailboxId, set: { lastError: message } });
    throw error;
  }
}

/** Stop the mailbox's watch (pause, disconnect). A mailbox whose grant is gone has nothing to stop. */
export async function stopGmailWatch(ctx: AppContext, mailboxId: string): Promise<void> {
  const [channel] = await ctx.db
    .select()
    .from(mailPushChannels)
    .where(eq(mailPushChannels.mailboxId, mailboxId));
  if (!channel) return;
  try {
    const { provider } = await mailProviderFor(ctx, mailboxId);
    if (provider instanceof GmailMailbox) await provider.stopWatch();
  } catch (error) {
    ctx.logger.warn({ mailboxId, err: (error as Error).message }, "could not stop the Gmail watch");
  }
  await ctx.db.delete(mailPushChannels).where(eq(mailPushChannels.mailboxId, mailboxId));
}

/** What a Pub/Sub push subscription POSTs (both spellings of the ids, as Pub/Sub sends them). */
export const PubSubPush = z.object({
  message: z.object({
    data: z.string().min(1),
    messageId: z.string().optional(),
    message_id: z.string().optional(),
    publishTime: z.string().optional(),
  }),
  subscription: z.string().min(1),
});

/** `message.data`, base64 JSON. Gmail sends `historyId` as a number; the guide shows a string. */
const GmailNotification = z.object({
  emailAddress: z.email(),
  historyId: z.union([z.number(), z.string()]),
});

export type PushOutcome = { outcome: "synced"; mailboxId: string } | { outcome: "ignored"; reason: string };

/**
 * A Gmail push: the token is verified first (a forged push is refused — `ProviderAuthError`), then the
 * mailbox named in it is synced. The push itself carries no message: the history list from our stored
 * cursor finds what changed, so duplicate, late and out-of-order pushes cost one cheap sync and lose nothing.
 */
export async function receiveGmailPush(
  ctx: AppContext,
  input: { bearer: string | undefined; body: unknown },
): Promise<PushOutcome> {
  if (!input.bearer) throw new PushRefusedError("the push has no bearer token");
  await verifyPushToken({
    token: input.bearer,
    audience: gmailPushAudience(ctx),
    serviceAccount: ctx.config.gmail.pushServiceAccount,
    certsUrl: ctx.config.google.oidcCertsUrl,
  });
  const push = PubSubPush.safeParse(input.body);
  if (!push.success) throw new InvalidInputError(`not a Pub/Sub push: ${push.error.issues[0]?.message}`);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(push.data.message.data, "base64").toString("utf8"));
  } catch {
    throw new InvalidInputError("the push's message.data is not base64 JSON");
  }
  const notification = GmailNotification.safeParse(decoded);
  if (!notification.success)
    throw new InvalidInputError(`not a Gmail notification: ${notification.error.issues[0]?.message}`);
  const address = notification.data.emailAddress.toLowerCase();
  const [mailbox] = await ctx.db
    .select({ id: mailboxes.id, status: mailboxes.status })
    .from(mailboxes)
    .where(and(eq(mailboxes.provider, "gmail"), eq(mailboxes.address, address)));
  // Acknowledged all the same: Pub/Sub would otherwise redeliver a push nobody can use for days.
  if (!mailbox) return { outcome: "ignored", reason: `no Gmail mailbox ${address} is connected` };
  if (mailbox.status !== "active")
    return { outcome: "ignored", reason: `mailbox ${address} is ${mailbox.status}` };
  await ctx.db
    .update(mailPushChannels)
    .set({ lastNotificationAt: ctx.clock() })
    .where(eq(mailPushChannels.mailboxId, mailbox.id));
  await requestSync(ctx, mailbox.id, "gmail push");
  return { outcome: "synced", mailboxId: mailbox.id };
}

export function gmailPushAudience(ctx: Pick<AppContext, "config">): string {
  return ctx.config.gmail.pushAudience ?? `${ctx.config.publicUrl}/webhooks/gmail/push`;
}

export class PushRefusedError extends Error {
  override name = "PushRefusedError";
}
