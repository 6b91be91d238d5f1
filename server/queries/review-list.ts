import { and, asc, eq, gt, ilike, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "../../db/client.ts";
import {
  conversations,
  decisions,
  reviewItems,
  reviewStatuses,
  triageResults,
} from "../../db/schema/index.ts";
import type { ReviewListResponse, ReviewView } from "../api/types.ts";
import { reviewListQuery, toListItem } from "./review.ts";

export const reviewViews = ["all", "mine", "unassigned", "escalated", "overdue", "snoozed"] as const;

/** The queue's query string: a view, filters and a search, all optional. */
export const reviewListFilter = z.object({
  status: z.enum(reviewStatuses).default("open"),
  view: z.enum(reviewViews).default("all"),
  mailbox: z.uuid().optional(),
  intent: z.string().trim().min(1).max(64).optional(),
  language: z.string().trim().min(2).max(16).optional(),
  /** A decision rule, e.g. `shipment.late`. */
  reason: z.string().trim().min(1).max(64).optional(),
  /** A person's id, or `none` for unassigned. */
  assignee: z.union([z.uuid(), z.literal("none")]).optional(),
  /** Customer email or name, order number or subject. */
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type ReviewListFilter = z.infer<typeof reviewListFilter>;

const priorityRank = sql`case ${reviewItems.priority} when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`;

/** `%` and `_` typed by a person are literal characters, not wildcards. */
function contains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function viewCondition(view: ReviewView, viewerId: string, now: Date): SQL | undefined {
  const awake = or(isNull(reviewItems.snoozedUntil), lte(reviewItems.snoozedUntil, now));
  switch (view) {
    case "all":
      return awake;
    case "mine":
      return and(awake, eq(reviewItems.assigneeId, viewerId));
    case "unassigned":
      return and(awake, isNull(reviewItems.assigneeId));
    case "escalated":
      return and(awake, eq(reviewItems.kind, "escalate"));
    case "overdue":
      return and(awake, lte(reviewItems.dueAt, now));
    case "snoozed":
      return gt(reviewItems.snoozedUntil, now);
  }
}

/**
 * The review queue: soonest due first, then the most urgent. One list query (joins by key, no query per
 * row) and one count query for every view, run side by side.
 */
export async function listReviewItems(
  db: Executor,
  filter: ReviewListFilter,
  { viewerId, now }: { viewerId: string; now: Date },
): Promise<ReviewListResponse> {
  const conditions: (SQL | undefined)[] = [
    eq(reviewItems.status, filter.status),
    filter.status === "open" ? viewCondition(filter.view, viewerId, now) : undefined,
    filter.mailbox ? eq(conversations.mailboxId, filter.mailbox) : undefined,
    filter.intent ? eq(triageResults.intent, filter.intent) : undefined,
    filter.language ? eq(triageResults.language, filter.language) : undefined,
    filter.assignee === "none"
      ? isNull(reviewItems.assigneeId)
      : filter.assignee
        ? eq(reviewItems.assigneeId, filter.assignee)
        : undefined,
    filter.reason
      ? sql`exists (select 1 from ${decisions} where ${decisions.id} = ${reviewItems.decisionId} and ${decisions.reasons} @> ${JSON.stringify([{ rule: filter.reason }])}::jsonb)`
      : undefined,
  ];
  const q = filter.q?.replace(/^#/, "");
  if (q) {
    const pattern = contains(q);
    conditions.push(
      or(
        ilike(conversations.customerEmail, pattern),
        ilike(conversations.subject, pattern),
        sql`array_to_string(${triageResults.orderNumbers}, ' ') ilike ${pattern}`,
      ),
    );
  }
  const awake = sql`(${reviewItems.snoozedUntil} is null or ${reviewItems.snoozedUntil} <= ${now})`;
  const [rows, [counts]] = await Promise.all([
    reviewListQuery(db)
      .where(and(...conditions))
      .orderBy(asc(reviewItems.dueAt), priorityRank, asc(reviewItems.id))
      .limit(filter.limit + 1)
      .offset(filter.offset),
    db
      .select({
        open: sql<number>`count(*)::int`,
        all: sql<number>`count(*) filter (where ${awake})::int`,
        mine: sql<number>`count(*) filter (where ${awake} and ${reviewItems.assigneeId} = ${viewerId})::int`,
        unassigned: sql<number>`count(*) filter (where ${awake} and ${reviewItems.assigneeId} is null)::int`,
        escalated: sql<number>`count(*) filter (where ${awake} and ${reviewItems.kind} = 'escalate')::int`,
        overdue: sql<number>`count(*) filter (where ${awake} and ${reviewItems.dueAt} <= ${now})::int`,
        snoozed: sql<number>`count(*) filter (where not ${awake})::int`,
      })
      .from(reviewItems)
      .where(eq(reviewItems.status, "open")),
  ]);
  const empty = { open: 0, all: 0, mine: 0, unassigned: 0, escalated: 0, overdue: 0, snoozed: 0 };
  return {
    items: rows.slice(0, filter.limit).map(toListItem),
    counts: counts ?? empty,
    hasMore: rows.length > filter.limit,
  };
}
