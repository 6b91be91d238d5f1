import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { mailPushChannels } from "../../../db/schema/index.ts";
import {
  type InboxSubscription,
  OutlookMailbox,
  ProviderAuthError,
  subscriptionMinutes,
} from "../../../integrations/mail/outlook/index.ts";
import { InvalidInputError } from "../errors.ts";
import type { OutlookContext } from "./outlook-mailbox.ts";
import { mailProviderFor, markNeedsReconnect } from "./providers.ts";

/** Renew a subscription that ends within this long (the sweeper calls often; Graph allows ~7 days). */
export const renewWithinMs = 24 * 60 * 60 * 1000;

/** Where Graph delivers change and lifecycle notifications (server/routes/webhooks-graph-*.ts). */
export const graphNotificationPath = "/webhooks/graph/notifications";
export const graphLifecyclePath = "/webhooks/graph/lifecycle";

export interface EnsureOptions {
  /** A `reauthorizationRequired` for this subscription id: reauthorize it (if it is still ours). */
  reauthorize?: string;
  /** A `subscriptionRemoved` for this subscription id: make a new one (if the removed one was ours). */
  replace?: string;
}

export type EnsureResult =
  | { action: "created" | "renewed" | "reauthorized" | "kept"; subscriptionId: string; expiresAt: Date }
  | { action: "skipped"; reason: string };

/**
 * Keep one change-notification subscription on the mailbox's inbox (PROVIDERS.md, Microsoft Graph):
 * create it when there is none, renew it when it ends within `renewWithinMs` (or Graph forgot it), answer
 * lifecycle events. Its `clientState` is random per subscription and stored sealed. Idempotent: connect,
 * the sweeper and lifecycle jobs may all call it; a lifecycle event about a subscription we already replaced
 * changes nothing. A revoked grant marks the mailbox for reconnect.
 */
export async function ensureOutlookSubscription(
  ctx: OutlookContext,
  mailboxId: string,
  options: EnsureOptions = {},
): Promise<EnsureResult> {
  const { mailbox, provider } = await mailProviderFor(ctx, mailboxId);
  if (!(provider instanceof OutlookMailbox))
    throw new InvalidInputError(`mailbox ${mailbox.address} is not an Outlook mailbox`);
  if (mailbox.status !== "active") return { action: "skipped", reason: `mailbox is ${mailbox.status}` };
  const [channel] = await ctx.db
    .select()
    .from(mailPushChannels)
    .where(eq(mailPushChannels.mailboxId, mailboxId));
  const now = ctx.clock().getTime();
  const until = new Date(now + subscriptionMinutes * 60_000);
  try {
    if (channel && options.replace !== channel.externalId) {
      let reauthorized = false;
      if (options.reauthorize === channel.externalId)
        reauthorized = await provider.subscriptions.reauthorize(channel.externalId);
      const known = reauthorized || options.reauthorize !== channel.externalId;
      if (known && channel.expiresAt.getTime() - now > renewWithinMs)
        return {
          action: reauthorized ? "reauthorized" : "kept",
          subscriptionId: channel.externalId,
          expiresAt: channel.expiresAt,
        };
      const renewed = known ? await provider.subscriptions.renew(channel.externalId, until) : null;
      if (renewed) {
        await ctx.db
          .update(mailPushChannels)
          .set({ expiresAt: renewed.expiresAt, lastError: null })
          .where(eq(mailPushChannels.id, channel.id));
        return { action: "renewed", subscriptionId: renewed.id, expiresAt: renewed.expiresAt };
      }
    } else if (!channel && (options.replace || options.reauthorize)) {
      // A lifecycle event for a mailbox with no subscription on record (stopped meanwhile): nothing to redo.
      return { action: "skipped", reason: "no subscription on record" };
    }
    const created = await subscribe(ctx, provider, mailboxId, until, channel?.externalId ?? null);
    return { action: "created", subscriptionId: created.id, expiresAt: created.expiresAt };
  } catch (error) {
    if (error instanceof ProviderAuthError) throw await markNeedsReconnect(ctx, mailboxId, error);
    if (channel)
      await ctx.db
        .update(mailPushChannels)
        .set({ lastError: (error as Error).message.slice(0, 500) })
        .where(eq(mailPushChannels.id, channel.id));
    throw error;
  }
}

/**
 * A new subscription, stored in place of `replacing` (null: there was none). Two callers racing each make
 * one; only the first to store wins, the other deletes its own, so no orphan keeps notifying.
 */
async function subscribe(
  ctx: OutlookContext,
  provider: OutlookMailbox,
  mailboxId: string,
  until: Date,
  replacing: string | null,
): Promise<InboxSubscription> {
  // 256 random bits; Graph allows 255 characters.
  const clientState = randomBytes(32).toString("base64url");
  const created = await provider.subscriptions.create({
    notificationUrl: `${ctx.config.publicUrl}${graphNotificationPath}`,
    lifecycleNotificationUrl: `${ctx.config.publicUrl}${graphLifecyclePath}`,
    clientState,
    expiresAt: until,
  });
  const row = {
    externalId: created.id,
    clientState: ctx.secrets.seal(clientState, mailboxId),
    expiresAt: created.expiresAt,
    lastNotificationAt: null,
    lastError: null,
  };
  const stored =
    replacing === null
      ? await ctx.db
          .insert(mailPushChannels)
          .values({ mailboxId, ...row })
          .onConflictDoNothing()
          .returning({ id: mailPushChannels.id })
      : await ctx.db
          .update(mailPushChannels)
          .set(row)
          .where(and(eq(mailPushChannels.mailboxId, mailboxId), eq(mailPushChannels.externalId, replacing)))
          .returning({ id: mailPushChannels.id });
  if (stored.length === 0) {
    await provider.subscriptions.delete(created.id);
    throw new Error(`mailbox ${mailboxId}: another subscription was stored meanwhile`);
  }
  // The one replaced may still be live at Graph (renewal found it gone, or it was removed): drop it.
  if (replacing !== null) await provider.subscriptions.delete(replacing).catch(() => undefined);
  ctx.logger.info({ mailboxId, subscriptionId: created.id }, "outlook subscription created");
  return created;
}

/**
 * Stop push for a mailbox (pause, disconnect): delete the Graph subscription and forget it. A grant that no
 * longer works cannot delete it; the row goes anyway, and the orphan's notifications are refused until
 * Graph expires it.
 */
export async function stopOutlookSubscription(ctx: OutlookContext, mailboxId: string): Promise<boolean> {
  const [channel] = await ctx.db
    .select()
    .from(mailPushChannels)
    .where(eq(mailPushChannels.mailboxId, mailboxId));
  if (!channel) return false;
  try {
    const { provider } = await mailProviderFor(ctx, mailboxId);
    if (provider instanceof OutlookMailbox) await provider.subscriptions.delete(channel.externalId);
  } catch (error) {
    ctx.logger.warn(
      { mailboxId, subscriptionId: channel.externalId, reason: (error as Error).message },
      "outlook subscription could not be deleted; it ends on its own at expiry",
    );
  }
  await ctx.db.delete(mailPushChannels).where(eq(mailPushChannels.id, channel.id));
  return true;
}
