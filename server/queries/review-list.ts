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
  /** The page after this one: `nextCursor` of the previous answer (same filters). */
  after: z
    .string()
    .max(200)
    .transform((value, ctx) => {
      const cursor = decodeCursor(value);
      if (!cursor) ctx.addIssue({ code: "custom", message: "not a cursor this list gave out" });
      return cursor ?? z.NEVER;
    })
    .optional(),
});
export type ReviewListFilter = z.infer<typeof reviewListFilter>;

const priorityRank = sql`case ${reviewItems.priority} when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`;

/** Where a page ended, in the queue's order: due time, priority rank, id. */
interface QueueCursor {
  dueAt: Date;
  rank: number;
  id: string;
}

const priorityRanks: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

function encodeCursor(item: { dueAt: Date; priority: string; id: string }): string {
  const rank = priorityRanks[item.priority] ?? 3;
  return Buffer.from(`${item.dueAt.toISOString()}|${rank}|${item.id}`).toString("base64url");
}

function decodeCursor(value: string): QueueCursor | null {
  const [due, rank, id, ...rest] = Buffer.from(value, "base64url").toString().split("|");
  const dueAt = new Date(due ?? "");
  if (rest.length > 0 || Number.isNaN(dueAt.getTime())) return null;
  if (!/^[0-3]$/.test(rank ?? "") || !z.uuid().safeParse(id).success) return null;
  return { dueAt, rank: Number(rank), id: id as string };
}

/** `%` and `_` typed by a person are literal characters, not wildcards. */
function contains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const param = {
  viewer: sql.placeholder("viewer"),
  now: sql.placeholder("now"),
  mailbox: sql.placeholder("mailbox"),
  intent: sql.placeholder("intent"),
  language: sql.placeholder("language"),
  assignee: sql.placeholder("assignee"),
  reason: sql.placeholder("reason"),
  afterDue: sql.placeholder("afterDue"),
  afterRank: sql.placeholder("afterRank"),
  afterId: sql.placeholder("afterId"),
  q: sql.placeholder("q"),
  limit: sql.placeholder("limit"),
  offset: sql.placeholder("offset"),
};

function viewCondition(view: ReviewView): SQL | undefined {
  const awake = or(isNull(reviewItems.snoozedUntil), lte(reviewItems.snoozedUntil, param.now));
  switch (view) {
    case "all":
      return awake;
    case "mine":
      return and(awake, eq(reviewItems.assigneeId, param.viewer));
    case "unassigned":
      return and(awake, isNull(reviewItems.assigneeId));
    case "escalated":
      return and(awake, eq(reviewItems.kind, "escalate"));
    case "overdue":
      return and(awake, lte(reviewItems.dueAt, param.now));
    case "snoozed":
      return gt(reviewItems.snoozedUntil, param.now);
  }
}

/** Which conditions a filter uses, not their values: one prepared query serves every filter of a shape. */
function shapeOf(filter: ReviewListFilter, q: string | undefined): string {
  const assignee = filter.assignee === "none" ? "none" : filter.assignee ? "id" : "";
  const used = [filter.mailbox, filter.intent, filter.language, filter.reason, filter.after, q].map((v) =>
    v ? 1 : 0,
  );
  return [filter.status, filter.status === "open" ? filter.view : "", assignee, ...used].join(":");
}

function buildListQuery(db: Executor, filter: ReviewListFilter, shape: string, searching: boolean) {
  const conditions: (SQL | undefined)[] = [
    // A literal, not a parameter, so a generic plan can still use the open-items index.
    eq(reviewItems.status, sql.raw(`'${filter.status}'`)),
    filter.status === "open" ? viewCondition(filter.view) : undefined,
    filter.mailbox ? eq(conversations.mailboxId, param.mailbox) : undefined,
    filter.intent ? eq(triageResults.intent, param.intent) : undefined,
    filter.language ? eq(triageResults.language, param.language) : undefined,
    filter.assignee === "none"
      ? isNull(reviewItems.assigneeId)
      : filter.assignee
        ? eq(reviewItems.assigneeId, param.assignee)
        : undefined,
    filter.reason
      ? sql`exists (select 1 from ${decisions} where ${decisions.id} = ${reviewItems.decisionId} and ${decisions.reasons} @> ${param.reason}::jsonb)`
      : undefined,
    filter.after
      ? sql`(${reviewItems.dueAt}, ${priorityRank}, ${reviewItems.id}) > (${param.afterDue}::timestamptz, ${param.afterRank}::int, ${param.afterId}::uuid)`
      : undefined,
    // search_text holds the customer's email, the subject and the order numbers, one per line.
    searching ? ilike(reviewItems.searchText, param.q) : undefined,
  ];
  return (
    reviewListQuery(db)
      .where(and(...conditions))
      .orderBy(asc(reviewItems.dueAt), priorityRank, asc(reviewItems.id))
      .limit(param.limit)
      .offset(param.offset)
      // Named, Postgres keeps the plan per connection; a search stays unnamed and is planned for its words
      // (a common word reads the queue in order, a rare one the trigram index).
      .prepare(searching ? "" : `review_list_${shape.replaceAll(":", "_")}`)
  );
}

type ListQuery = ReturnType<typeof buildListQuery>;
const preparedQueries = new WeakMap<Executor, Map<string, ListQuery>>();

/**
 * A page of the review queue: soonest due first, then the most urgent. One query, joins by key (no query
 * per row); the open queue's order is an index (`review_items_queue_order_idx`), so a page — or the page
 * after a cursor — reads only its rows. Search reads one trigram-indexed column (`search_text`). Each
 * shape of filter is built and prepared once per database handle.
 */
export function listReviewItems(
  db: Executor,
  filter: ReviewListFilter,
  viewer: { viewerId: string; now: Date },
): Promise<Omit<ReviewListResponse, "counts">> {
  // Identical lists asked while one is being read share that read: after a change, every agent's page
  // asks again at once (live events), mostly for the same few views. Only "mine" depends on who asks.
  const key = JSON.stringify([filter, filter.view === "mine" ? viewer.viewerId : null]);
  let reading = inFlight.get(db);
  if (!reading) {
    reading = new Map();
    inFlight.set(db, reading);
  }
  const shared = reading.get(key);
  if (shared) return shared;
  const list = readReviewItems(db, filter, viewer).finally(() => {
    if (reading.get(key) === list) reading.delete(key);
  });
  reading.set(key, list);
  return list;
}

const inFlight = new WeakMap<object, Map<string, Promise<Omit<ReviewListResponse, "counts">>>>();

/** After a review write in this process: lists asked from now on read afresh, never join an older read. */
export function forgetReviewLists(db: Executor): void {
  inFlight.get(db)?.clear();
}

async function readReviewItems(
  db: Executor,
  filter: ReviewListFilter,
  { viewerId, now }: { viewerId: string; now: Date },
): Promise<Omit<ReviewListResponse, "counts">> {
  const q = filter.q?.replace(/^#/, "");
  const shape = shapeOf(filter, q);
  let byShape = preparedQueries.get(db);
  if (!byShape) {
    byShape = new Map();
    preparedQueries.set(db, byShape);
  }
  let query = byShape.get(shape);
  if (!query) {
    query = buildListQuery(db, filter, shape, Boolean(q));
    byShape.set(shape, query);
  }
  const rows = await query.execute({
    viewer: viewerId,
    now: now.toISOString(),
    mailbox: filter.mailbox,
    intent: filter.intent,
    language: filter.language,
    assignee: filter.assignee,
    reason: filter.reason ? JSON.stringify([{ rule: filter.reason }]) : undefined,
    afterDue: filter.after?.dueAt.toISOString(),
    afterRank: filter.after?.rank,
    afterId: filter.after?.id,
    q: q ? contains(q) : undefined,
    limit: filter.limit + 1,
    offset: filter.offset,
  });
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  const hasMore = rows.length > filter.limit;
  return {
    items: page.map(toListItem),
    hasMore,
    nextCursor: hasMore && last ? encodeCursor(last) : null,
  };
}
