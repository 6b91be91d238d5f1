import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { mailboxes, mailPushChannels } from "../../../db/schema/index.ts";
import type { AppContext } from "../../context.ts";
import { enqueueOutlookSubscription } from "../../jobs/enqueue.ts";
import { sameToken } from "../auth/secrets.ts";
import { requestSync } from "./sync-mailbox.ts";

/**
 * One item of a Graph webhook POST (change-notifications-delivery-webhooks). Only what we act on is read;
 * the message ids in `resource` are not: the delta query finds what changed, so a duplicate, late or
 * out-of-order notification costs one sync and nothing else.
 */
const GraphNotification = z.looseObject({
  subscriptionId: z.string().min(1).max(200),
  clientState: z.string().max(255).nullish(),
  changeType: z.string().max(50).optional(),
  lifecycleEvent: z.string().max(100).optional(),
});

/** The POST body: a batch under `value` (items are checked one by one, so one bad item spoils nothing). */
export const GraphNotificationBatch = z.object({ value: z.array(z.unknown()).max(1000) });

export interface NotificationOutcome {
  accepted: number;
  /** Unreadable, for a subscription we do not have, or with the wrong `clientState`: never acted on. */
  refused: number;
}

type Verified = z.infer<typeof GraphNotification> & { mailboxId: string; mailboxActive: boolean };

/**
 * Match each notification to our subscription and its sealed `clientState`, compared in constant time.
 * Refusals are logged (without the secrets) and counted on the channel, where the Mailboxes page shows it.
 */
async function verify(
  ctx: Pick<AppContext, "db" | "secrets" | "logger" | "clock">,
  batch: unknown[],
  kind: "change" | "lifecycle",
): Promise<{ verified: Verified[]; refused: number }> {
  const items = batch.map((item) => GraphNotification.safeParse(item));
  const ids = [...new Set(items.flatMap((item) => (item.success ? [item.data.subscriptionId] : [])))];
  const channels =
    ids.length === 0
      ? []
      : await ctx.db
          .select({
            id: mailPushChannels.id,
            mailboxId: mailPushChannels.mailboxId,
            externalId: mailPushChannels.externalId,
            clientState: mailPushChannels.clientState,
            status: mailboxes.status,
          })
          .from(mailPushChannels)
          .innerJoin(mailboxes, eq(mailboxes.id, mailPushChannels.mailboxId))
          .where(inArray(mailPushChannels.externalId, ids));
  const byId = new Map(channels.map((channel) => [channel.externalId, channel]));
  const verified: Verified[] = [];
  const refusedOn = new Map<string, number>();
  let refused = 0;
  for (const item of items) {
    const channel = item.success ? byId.get(item.data.subscriptionId) : undefined;
    if (item.success && channel && sameSecret(ctx, channel, item.data.clientState)) {
      verified.push({
        ...item.data,
        mailboxId: channel.mailboxId,
        mailboxActive: channel.status === "active",
      });
      continue;
    }
    refused += 1;
    if (channel) refusedOn.set(channel.id, (refusedOn.get(channel.id) ?? 0) + 1);
    ctx.logger.warn(
      {
        kind,
        subscriptionId: item.success ? item.data.subscriptionId : null,
        reason: !item.success
          ? "unreadable notification"
          : channel
            ? "clientState does not match"
            : "unknown subscription",
      },
      "graph notification refused",
    );
  }
  const at = ctx.clock().toISOString();
  for (const [channelId, count] of refusedOn)
    await ctx.db
      .update(mailPushChannels)
      .set({ lastError: `${at}: refused ${count} ${kind} notification(s) with a wrong clientState` })
      .where(eq(mailPushChannels.id, channelId));
  return { verified, refused };
}

function sameSecret(
  ctx: Pick<AppContext, "secrets">,
  channel: { mailboxId: string; clientState: string | null },
  given: string | null | undefined,
): boolean {
  if (!channel.clientState || !given) return false;
  let expected: string;
  try {
    expected = ctx.secrets.open(channel.clientState, channel.mailboxId);
  } catch {
    return false;
  }
  return sameToken(expected, given);
}

/**
 * Change notifications: each verified one asks for a sync of its mailbox (once per mailbox per batch) and
 * stamps `lastNotificationAt`. Nothing else happens here, so Graph gets its answer within its 3 s.
 */
export async function receiveGraphNotifications(
  ctx: Pick<AppContext, "db" | "secrets" | "logger" | "clock" | "queue">,
  batch: unknown[],
): Promise<NotificationOutcome> {
  const { verified, refused } = await verify(ctx, batch, "change");
  const touched = [...new Set(verified.map((item) => item.mailboxId))];
  if (touched.length > 0)
    await ctx.db
      .update(mailPushChannels)
      .set({ lastNotificationAt: ctx.clock() })
      .where(inArray(mailPushChannels.mailboxId, touched));
  const active = [...new Set(verified.filter((item) => item.mailboxActive).map((item) => item.mailboxId))];
  await Promise.all(active.map((mailboxId) => requestSync(ctx, mailboxId, "graph notification")));
  return { accepted: verified.length, refused };
}

/**
 * Lifecycle notifications (change-notifications-lifecycle-events): `missed` → a sync (delta finds what the
 * lost notifications would have said); `reauthorizationRequired` and `subscriptionRemoved` → a job that
 * reauthorizes or replaces the subscription, out of Graph's request (creating one runs a handshake).
 */
export async function receiveGraphLifecycle(
  ctx: Pick<AppContext, "db" | "secrets" | "logger" | "clock" | "queue">,
  batch: unknown[],
): Promise<NotificationOutcome> {
  const { verified, refused } = await verify(ctx, batch, "lifecycle");
  for (const item of verified) {
    if (!item.mailboxActive) continue;
    const { mailboxId, subscriptionId } = item;
    if (item.lifecycleEvent === "missed") await requestSync(ctx, mailboxId, "graph missed notifications");
    else if (item.lifecycleEvent === "reauthorizationRequired")
      await enqueueOutlookSubscription(ctx, mailboxId, { reauthorize: subscriptionId });
    else if (item.lifecycleEvent === "subscriptionRemoved")
      await enqueueOutlookSubscription(ctx, mailboxId, { replace: subscriptionId });
    else ctx.logger.info({ mailboxId, event: item.lifecycleEvent }, "graph lifecycle event ignored");
  }
  return { accepted: verified.length, refused };
}
