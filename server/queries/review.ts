import { asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import {
  conversations,
  customers,
  decisions,
  drafts,
  reviewItems,
  triageResults,
} from "../../db/schema/index.ts";
import type { ReviewItemDetail, ReviewListItem } from "../api/types.ts";
import { conversationMessages, customerOrders } from "./views.ts";

type ReviewStatus = ReviewListItem["status"];

const listColumns = {
  id: reviewItems.id,
  conversationId: reviewItems.conversationId,
  status: reviewItems.status,
  kind: reviewItems.kind,
  priority: reviewItems.priority,
  summary: reviewItems.summary,
  subject: conversations.subject,
  customerEmail: conversations.customerEmail,
  customerName: customers.name,
  intent: triageResults.intent,
  language: triageResults.language,
  dueAt: reviewItems.dueAt,
  createdAt: reviewItems.createdAt,
};

function baseQuery(db: Executor) {
  return db
    .select(listColumns)
    .from(reviewItems)
    .innerJoin(conversations, eq(conversations.id, reviewItems.conversationId))
    .leftJoin(customers, eq(customers.email, conversations.customerEmail))
    .leftJoin(triageResults, eq(triageResults.messageId, reviewItems.messageId));
}

function toListItem(
  row: Awaited<ReturnType<ReturnType<typeof baseQuery>["execute"]>>[number],
): ReviewListItem {
  return { ...row, dueAt: row.dueAt.toISOString(), createdAt: row.createdAt.toISOString() };
}

/** The review queue: items in a status, soonest due first. */
export async function listReviewItems(
  db: Executor,
  { status, limit }: { status: ReviewStatus; limit: number },
): Promise<{ items: ReviewListItem[]; counts: { open: number } }> {
  const [rows, [count]] = await Promise.all([
    baseQuery(db).where(eq(reviewItems.status, status)).orderBy(asc(reviewItems.dueAt)).limit(limit),
    db.select({ open: sql<number>`count(*)::int` }).from(reviewItems).where(eq(reviewItems.status, "open")),
  ]);
  return { items: rows.map(toListItem), counts: { open: count?.open ?? 0 } };
}

export async function getReviewItem(db: Executor, id: string, now: Date): Promise<ReviewItemDetail | null> {
  const [row] = await baseQuery(db).where(eq(reviewItems.id, id));
  if (!row) return null;
  const [item] = await db.select().from(reviewItems).where(eq(reviewItems.id, id));
  if (!item) return null;
  const [messages, [triage], [decision], [draft], orders] = await Promise.all([
    conversationMessages(db, row.conversationId),
    db.select().from(triageResults).where(eq(triageResults.messageId, item.messageId)),
    db.select().from(decisions).where(eq(decisions.id, item.decisionId)),
    item.draftId ? db.select().from(drafts).where(eq(drafts.id, item.draftId)) : Promise.resolve([]),
    customerOrders(db, row.customerEmail, now),
  ]);
  return {
    item: toListItem(row),
    messages,
    triage: triage
      ? {
          engine: triage.engine,
          intent: triage.intent,
          confidence: triage.confidence,
          language: triage.language,
          sentiment: triage.sentiment,
          orderNumbers: triage.orderNumbers,
        }
      : null,
    decision: decision
      ? {
          action: decision.action,
          reasons: decision.reasons,
          facts: decision.facts,
          at: decision.createdAt.toISOString(),
        }
      : null,
    draft: draft
      ? {
          id: draft.id,
          status: draft.status,
          subject: draft.subject,
          body: draft.body,
          language: draft.language,
          checks: draft.checks,
        }
      : null,
    orders,
  };
}
