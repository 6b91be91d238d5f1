import { eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { reviewItems } from "../../db/schema/index.ts";
import type { ReviewListResponse } from "../api/types.ts";
import type { AppContext } from "../context.ts";
import { reviewEvents } from "../live/review-events.ts";

export type ReviewCounts = ReviewListResponse["counts"];

/** One assignee's open items (null: unassigned), counted per view. */
interface Tally {
  open: number;
  all: number;
  escalated: number;
  overdue: number;
  snoozed: number;
}

interface CachedCounts {
  /** Pending while the first asker counts; everyone asking meanwhile waits for the same answer. */
  counted: Promise<Map<string | null, Tally>>;
  /** The clock time they were counted at, and the next one at which a count changes by itself. */
  countedAt: number;
  changesAt: number;
  stop: () => void;
}

/**
 * Every agent's queue page asks for the counts with each list request, and counting means reading every
 * open item. One grouped query answers every viewer's counts ("mine" is their assignee's group), so a
 * process remembers it for up to `reviewCountsCacheMs`, and forgets it as soon as the queue changes: a
 * review write in this process (`forgetReviewCounts`), a change from any process (the live-event hub),
 * or the moment an item falls due or wakes from a snooze.
 */
export const reviewCountsCacheMs = 5_000;
const caches = new WeakMap<AppContext, CachedCounts>();

export function forgetReviewCounts(ctx: AppContext): void {
  const cached = caches.get(ctx);
  if (!cached) return;
  caches.delete(ctx);
  cached.stop();
}

export async function reviewCounts(ctx: AppContext, viewerId: string, now: Date): Promise<ReviewCounts> {
  const at = now.getTime();
  let entry = caches.get(ctx);
  if (!entry || at < entry.countedAt || at >= entry.changesAt) {
    forgetReviewCounts(ctx);
    entry = startCounting(ctx, now);
  }
  return countsFor(await entry.counted, viewerId);
}

function startCounting(ctx: AppContext, now: Date): CachedCounts {
  const forget = () => {
    if (caches.get(ctx) === entry) forgetReviewCounts(ctx);
  };
  // Listen before counting, so a change committed while the query runs still forgets its answer.
  const unsubscribe = reviewEvents(ctx).subscribe((event) => {
    if (event.type !== "presence") forget();
  });
  const timer = setTimeout(forget, reviewCountsCacheMs);
  timer.unref();
  const entry: CachedCounts = {
    counted: countOpenItems(ctx.db, now).then(
      ({ byAssignee, changesAt }) => {
        entry.changesAt = changesAt;
        return byAssignee;
      },
      (error: unknown) => {
        forget();
        throw error;
      },
    ),
    countedAt: now.getTime(),
    // Until counted, askers at any later time share this count.
    changesAt: Number.POSITIVE_INFINITY,
    stop: () => {
      clearTimeout(timer);
      unsubscribe();
    },
  };
  caches.set(ctx, entry);
  return entry;
}

function countsFor(byAssignee: Map<string | null, Tally>, viewerId: string): ReviewCounts {
  const counts = { open: 0, all: 0, mine: 0, unassigned: 0, escalated: 0, overdue: 0, snoozed: 0 };
  for (const [assignee, tally] of byAssignee) {
    counts.open += tally.open;
    counts.all += tally.all;
    counts.escalated += tally.escalated;
    counts.overdue += tally.overdue;
    counts.snoozed += tally.snoozed;
    if (assignee === null) counts.unassigned += tally.all;
    if (assignee === viewerId) counts.mine += tally.all;
  }
  return counts;
}

/** Open items per assignee and view, in one pass over the open items; and when a count next changes by time. */
export async function countOpenItems(
  db: Executor,
  now: Date,
): Promise<{ byAssignee: Map<string | null, Tally>; changesAt: number }> {
  const awake = sql`(${reviewItems.snoozedUntil} is null or ${reviewItems.snoozedUntil} <= ${now})`;
  const rows = await db
    .select({
      assigneeId: reviewItems.assigneeId,
      open: sql<number>`count(*)::int`,
      all: sql<number>`count(*) filter (where ${awake})::int`,
      escalated: sql<number>`count(*) filter (where ${awake} and ${reviewItems.kind} = 'escalate')::int`,
      overdue: sql<number>`count(*) filter (where ${awake} and ${reviewItems.dueAt} <= ${now})::int`,
      snoozed: sql<number>`count(*) filter (where not ${awake})::int`,
      // An item falling due changes "overdue"; a snooze ending changes "snoozed" and the others.
      changesAt: sql<
        number | null
      >`(extract(epoch from least(min(${reviewItems.dueAt}) filter (where ${reviewItems.dueAt} > ${now}), min(${reviewItems.snoozedUntil}) filter (where ${reviewItems.snoozedUntil} > ${now}))) * 1000)::float8`,
    })
    .from(reviewItems)
    .where(eq(reviewItems.status, "open"))
    .groupBy(reviewItems.assigneeId);
  let changesAt = Number.POSITIVE_INFINITY;
  const byAssignee = new Map<string | null, Tally>();
  for (const { assigneeId, changesAt: next, ...tally } of rows) {
    byAssignee.set(assigneeId, tally);
    if (next !== null) changesAt = Math.min(changesAt, Number(next));
  }
  return { byAssignee, changesAt };
}
