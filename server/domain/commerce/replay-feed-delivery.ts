import { and, eq, inArray } from "drizzle-orm";
import { feedDeliveries, feeds } from "../../../db/schema/index.ts";
import type { AppContext } from "../../context.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { type DeliveryOutcome, processDelivery } from "./receive-feed-delivery.ts";

/**
 * Apply a kept payload again with the feed's current mapping (after a fix, or once the order a
 * tracking event named has arrived). Its signature was checked when it came in; a payload refused for
 * its signature is never replayed.
 */
export async function replayFeedDelivery(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: { feedId: string; deliveryId: string },
): Promise<DeliveryOutcome> {
  const [row] = await ctx.db
    .select({ delivery: feedDeliveries, feed: feeds })
    .from(feedDeliveries)
    .innerJoin(feeds, eq(feeds.id, feedDeliveries.feedId))
    .where(and(eq(feedDeliveries.id, input.deliveryId), eq(feedDeliveries.feedId, input.feedId)));
  if (!row) throw new NotFoundError(`delivery ${input.deliveryId} not found`);
  const { delivery, feed } = row;
  if (delivery.verdict === "rejected" || delivery.verdict === "duplicate")
    throw new ConflictError(`a ${delivery.verdict} delivery is not replayed`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(delivery.body);
  } catch {
    throw new ConflictError("the delivery's body is not JSON; there is nothing to replay");
  }
  const outcome = await processDelivery(
    ctx,
    feed,
    parsed,
    { body: delivery.body, headers: delivery.headers },
    { existingId: delivery.id, via: "replay" },
  );
  await ctx.db
    .update(feedDeliveries)
    .set({ replays: delivery.replays + 1, replayedAt: ctx.clock(), receivedAt: delivery.receivedAt })
    .where(eq(feedDeliveries.id, delivery.id));
  await recordAudit(ctx.db, {
    actor,
    action: "feed.delivery_replayed",
    subjectType: "feed_delivery",
    subjectId: delivery.id,
    data: { verdict: outcome.verdict },
    reason: outcome.error,
  });
  return outcome;
}

/** Replay every delivery of a feed that is waiting on a fix (invalid or failed), oldest first. */
export async function replayFailedDeliveries(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: { feedId: string; limit?: number },
): Promise<{ replayed: number; applied: number }> {
  const waiting = await ctx.db
    .select({ id: feedDeliveries.id })
    .from(feedDeliveries)
    .where(
      and(eq(feedDeliveries.feedId, input.feedId), inArray(feedDeliveries.verdict, ["invalid", "failed"])),
    )
    .orderBy(feedDeliveries.receivedAt)
    .limit(input.limit ?? 500);
  let applied = 0;
  for (const { id } of waiting) {
    const outcome = await replayFeedDelivery({ ctx, actor }, { feedId: input.feedId, deliveryId: id });
    if (outcome.verdict === "applied") applied++;
  }
  return { replayed: waiting.length, applied };
}
