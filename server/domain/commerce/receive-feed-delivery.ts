import { eq } from "drizzle-orm";
import type { Executor } from "../../../db/client.ts";
import { type DeliveryVerdict, feedDeliveries, feeds } from "../../../db/schema/index.ts";
import { commerceFeeds, type FeedPayload } from "../../../integrations/commerce/feed.ts";
import { type FieldMapping, fieldMappingSchema } from "../../../integrations/commerce/mapping.ts";
import { NormalisationError, type NormalisedUpdate } from "../../../integrations/commerce/normalised.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { DomainError, NotFoundError } from "../errors.ts";
import { type ApplyReport, applyCommerceUpdate } from "./apply-commerce-update.ts";
import { deliveryBatcher } from "./delivery-batcher.ts";
import { type OpenedFeedSecrets, openFeedSecrets, usableFeedSecrets } from "./feed-secrets.ts";

export interface DeliveryOutcome {
  deliveryId: string;
  verdict: DeliveryVerdict;
  error: string | null;
  summary: ApplyReport | null;
}

type FeedRow = typeof feeds.$inferSelect;

/**
 * One webhook delivery to a feed: check its signature, keep it raw with its verdict, normalise it and
 * apply it. A bad signature is recorded and not applied (the route answers 401); a payload that cannot
 * be read or placed is kept as `invalid`/`failed`, to be replayed after a mapping fix.
 */
export async function receiveFeedDelivery(
  ctx: AppContext,
  feedId: string,
  payload: FeedPayload,
): Promise<DeliveryOutcome> {
  const now = ctx.clock();
  let known = await cachedFeed(ctx, feedId, now, false);
  const adapter = commerceFeeds[known.feed.kind];
  const kept = keptHeaders(payload.headers, adapter.keptHeaders);
  const record = (verdict: DeliveryVerdict, error: string | null) =>
    insertDelivery(ctx.db, {
      feedId,
      deliveryKey: null,
      body: payload.body,
      headers: kept,
      verdict,
      error,
      receivedAt: now,
    });

  let check = adapter.verify(payload, known.secrets, now);
  // The secret may have been rotated by another process since we cached it: look once more.
  if (!check.ok && known.cached) {
    known = await cachedFeed(ctx, feedId, now, true);
    check = adapter.verify(payload, known.secrets, now);
  }
  if (!check.ok) {
    ctx.logger.warn({ feedId, reason: check.reason }, "feed delivery refused: bad signature");
    return record("rejected", check.reason);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.body);
  } catch {
    return record("invalid", "the body is not JSON");
  }
  let update: NormalisedUpdate;
  try {
    update = adapter.normalise(parsed, payload, known.mapping);
  } catch (error) {
    if (error instanceof NormalisationError) return record("invalid", error.message);
    throw error;
  }
  // Repeats of the sender's delivery id are sorted out in the batch, against the database.
  return deliveryBatcher(ctx).submit({
    feedId,
    deliveryKey: adapter.deliveryKey(payload, parsed),
    body: payload.body,
    headers: kept,
    update,
    receivedAt: now,
  });
}

/**
 * Feed rows with their parsed mapping and opened secrets, kept for a few seconds: a burst of webhooks should not read and
 * decrypt the same row for every delivery. Changes made in this process take effect at once
 * (`forgetFeed`); another process's rotation is caught by the re-check on a signature mismatch; a
 * rotated-out secret's grace period is checked per delivery, so it ends on the dot.
 */
const feedCacheMs = 5_000;
const feedCache = new WeakMap<
  object,
  Map<string, { feed: FeedRow; mapping: FieldMapping | null; opened: OpenedFeedSecrets; until: number }>
>();

async function cachedFeed(
  ctx: AppContext,
  feedId: string,
  now: Date,
  fresh: boolean,
): Promise<{ feed: FeedRow; mapping: FieldMapping | null; secrets: string[]; cached: boolean }> {
  let cache = feedCache.get(ctx.db);
  if (!cache) {
    cache = new Map();
    feedCache.set(ctx.db, cache);
  }
  const hit = cache.get(feedId);
  if (hit && !fresh && hit.until > Date.now())
    return {
      feed: hit.feed,
      mapping: hit.mapping,
      secrets: usableFeedSecrets(hit.opened, now),
      cached: true,
    };
  const [feed] = await ctx.db.select().from(feeds).where(eq(feeds.id, feedId));
  if (!feed?.enabled) {
    cache.delete(feedId);
    throw new NotFoundError(`feed ${feedId} not found`);
  }
  const opened = openFeedSecrets(ctx.secrets, feed);
  const mapping = mappingOf(feed);
  cache.set(feedId, { feed, mapping, opened, until: Date.now() + feedCacheMs });
  return { feed, mapping, secrets: usableFeedSecrets(opened, now), cached: false };
}

/** Drop a feed from this process's cache after changing it (mapping, secret). */
export function forgetFeed(ctx: Pick<AppContext, "db">, feedId: string): void {
  feedCache.get(ctx.db)?.delete(feedId);
}

/**
 * Normalise and apply a verified payload, recording the delivery in the same transaction as its
 * effect, so a delivery marked applied always has its effect and the other way round.
 */
export async function processDelivery(
  ctx: AppContext,
  feed: FeedRow,
  parsed: unknown,
  payload: FeedPayload,
  target:
    | { existingId: string; via: string }
    | { deliveryKey: string | null; kept: Record<string, string>; via: string },
): Promise<DeliveryOutcome> {
  const now = ctx.clock();
  const save = async (
    db: Executor,
    verdict: DeliveryVerdict,
    error: string | null,
    summary: ApplyReport | null,
  ): Promise<DeliveryOutcome> => {
    if ("existingId" in target) {
      await db
        .update(feedDeliveries)
        .set({
          body: payload.body,
          verdict,
          error,
          summary: summary ? { ...summary } : null,
          receivedAt: now,
        })
        .where(eq(feedDeliveries.id, target.existingId));
      return { deliveryId: target.existingId, verdict, error, summary };
    }
    const outcome = await insertDelivery(db, {
      feedId: feed.id,
      deliveryKey: target.deliveryKey,
      body: payload.body,
      headers: target.kept,
      verdict,
      error,
      receivedAt: now,
      via: target.via,
      summary,
    });
    return outcome;
  };

  let update: NormalisedUpdate;
  try {
    update = commerceFeeds[feed.kind].normalise(parsed, payload, mappingOf(feed));
  } catch (error) {
    if (error instanceof NormalisationError) return save(ctx.db, "invalid", error.message, null);
    throw error;
  }
  try {
    return await withTransaction(ctx.db, async (tx) => {
      const summary = await applyCommerceUpdate(tx, update, { now, source: `feed:${feed.id}` });
      return save(tx, "applied", null, summary);
    });
  } catch (error) {
    if (error instanceof DomainError) return save(ctx.db, "failed", error.message, null);
    // Unexpected (database trouble): keep the payload for a replay, then let the sender retry too.
    await save(ctx.db, "failed", `not applied: ${(error as Error).message}`, null).catch(() => undefined);
    throw error;
  }
}

export function mappingOf(feed: Pick<FeedRow, "mapping">): FieldMapping | null {
  if (!feed.mapping) return null;
  const parsed = fieldMappingSchema.safeParse(feed.mapping);
  return parsed.success ? parsed.data : null;
}

export async function insertDelivery(
  db: Executor,
  row: {
    feedId: string;
    deliveryKey: string | null;
    body: string;
    headers: Record<string, string>;
    verdict: DeliveryVerdict;
    error: string | null;
    receivedAt: Date;
    via?: string;
    summary?: ApplyReport | null;
  },
): Promise<DeliveryOutcome> {
  const [inserted] = await db
    .insert(feedDeliveries)
    .values({
      ...row,
      via: row.via ?? "webhook",
      // Rejected and duplicate deliveries are kept but never claim the sender's delivery id.
      deliveryKey: row.verdict === "rejected" || row.verdict === "duplicate" ? null : row.deliveryKey,
      summary: row.summary ? { ...row.summary } : null,
    })
    .returning({ id: feedDeliveries.id });
  return {
    deliveryId: (inserted as { id: string }).id,
    verdict: row.verdict,
    error: row.error,
    summary: row.summary ?? null,
  };
}

function keptHeaders(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((n) => (headers[n] ? [[n, headers[n]]] : [])));
}
