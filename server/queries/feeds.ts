import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { type DeliveryVerdict, feedDeliveries, feeds } from "../../db/schema/index.ts";
import type { FeedDeliveryView, FeedHealthView, FeedView } from "../api/types.ts";

type FeedRow = typeof feeds.$inferSelect;

/** Every feed with its health: last delivery, deliveries in the last hour, error rate over a day. */
export async function listFeeds(db: Executor, now: Date): Promise<FeedView[]> {
  const rows = await db.select().from(feeds).orderBy(feeds.createdAt);
  const health = await feedHealth(
    db,
    rows.map((r) => r.id),
    now,
  );
  return rows.map((r) => feedView(r, health.get(r.id) ?? emptyHealth));
}

export async function getFeed(db: Executor, feedId: string, now: Date): Promise<FeedView | null> {
  const [row] = await db.select().from(feeds).where(eq(feeds.id, feedId));
  if (!row) return null;
  const health = await feedHealth(db, [feedId], now);
  return feedView(row, health.get(feedId) ?? emptyHealth);
}

/** The feed's deliveries, newest first; `verdicts` narrows to e.g. the errors. */
export async function listDeliveries(
  db: Executor,
  feedId: string,
  options: { verdicts?: DeliveryVerdict[]; limit: number },
): Promise<FeedDeliveryView[]> {
  const rows = await db
    .select()
    .from(feedDeliveries)
    .where(
      and(
        eq(feedDeliveries.feedId, feedId),
        options.verdicts ? inArray(feedDeliveries.verdict, options.verdicts) : undefined,
      ),
    )
    .orderBy(desc(feedDeliveries.receivedAt))
    .limit(options.limit);
  return rows.map((d) => ({
    id: d.id,
    via: d.via,
    verdict: d.verdict,
    error: d.error,
    body: d.body,
    headers: d.headers,
    summary: d.summary ?? null,
    receivedAt: d.receivedAt.toISOString(),
    replays: d.replays,
  }));
}

const emptyHealth: FeedHealthView = {
  lastDeliveryAt: null,
  lastAppliedAt: null,
  eventsLastHour: 0,
  errorRate: null,
  waiting: 0,
};

async function feedHealth(db: Executor, feedIds: string[], now: Date): Promise<Map<string, FeedHealthView>> {
  if (feedIds.length === 0) return new Map();
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const rows = await db
    .select({
      feedId: feedDeliveries.feedId,
      lastDeliveryAt: sql<string | null>`max(${feedDeliveries.receivedAt})`,
      lastAppliedAt: sql<
        string | null
      >`max(${feedDeliveries.receivedAt}) filter (where ${feedDeliveries.verdict} = 'applied')`,
      lastHour: sql<number>`count(*) filter (where ${feedDeliveries.receivedAt} >= ${hourAgo.toISOString()})::int`,
      lastDay: sql<number>`count(*) filter (where ${feedDeliveries.receivedAt} >= ${dayAgo.toISOString()})::int`,
      errorsLastDay: sql<number>`count(*) filter (where ${feedDeliveries.receivedAt} >= ${dayAgo.toISOString()} and ${feedDeliveries.verdict} in ('rejected', 'invalid', 'failed'))::int`,
      waiting: sql<number>`count(*) filter (where ${feedDeliveries.verdict} in ('invalid', 'failed'))::int`,
    })
    .from(feedDeliveries)
    .where(inArray(feedDeliveries.feedId, feedIds))
    .groupBy(feedDeliveries.feedId);
  const iso = (v: string | Date | null) => (v ? new Date(v).toISOString() : null);
  return new Map(
    rows.map((r) => [
      r.feedId,
      {
        lastDeliveryAt: iso(r.lastDeliveryAt),
        lastAppliedAt: iso(r.lastAppliedAt),
        eventsLastHour: r.lastHour,
        errorRate: r.lastDay > 0 ? r.errorsLastDay / r.lastDay : null,
        waiting: r.waiting,
      },
    ]),
  );
}

function feedView(r: FeedRow, health: FeedHealthView): FeedView {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    webhookPath: `/webhooks/feeds/${r.id}`,
    enabled: r.enabled,
    mapping: r.mapping,
    poll: r.poll,
    lastPolledAt: r.lastPolledAt?.toISOString() ?? null,
    secretRotatedUntil: r.previousSecretUntil?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    health,
  };
}
