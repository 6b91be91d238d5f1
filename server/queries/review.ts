import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import {
  conversations,
  customers,
  decisions,
  drafts,
  messages as messagesTable,
  reviewItems,
  reviewNotes,
  triageResults,
  users,
} from "../../db/schema/index.ts";
import type { PastConversationView, ReviewItemDetail, ReviewListItem, ReviewNoteView } from "../api/types.ts";
import type { AppContext } from "../context.ts";
import { conversationMessages, customerOrders } from "./views.ts";

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
  mailboxId: conversations.mailboxId,
  assigneeId: reviewItems.assigneeId,
  assigneeName: users.name,
  snoozedUntil: reviewItems.snoozedUntil,
};

/** One row per item with everything the list shows: joins by key, so no query per row. */
export function reviewListQuery(db: Executor) {
  return db
    .select(listColumns)
    .from(reviewItems)
    .innerJoin(conversations, eq(conversations.id, reviewItems.conversationId))
    .leftJoin(customers, eq(customers.email, conversations.customerEmail))
    .leftJoin(triageResults, eq(triageResults.messageId, reviewItems.messageId))
    .leftJoin(users, eq(users.id, reviewItems.assigneeId));
}

export function toListItem(
  row: Awaited<ReturnType<ReturnType<typeof reviewListQuery>["execute"]>>[number],
): ReviewListItem {
  return {
    ...row,
    dueAt: row.dueAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    snoozedUntil: row.snoozedUntil?.toISOString() ?? null,
  };
}

/** One review item with its thread, triage, decision, draft, notes and the customer's orders (as of now). */
export async function getReviewItem(
  ctx: Pick<AppContext, "db" | "clock" | "config">,
  id: string,
): Promise<ReviewItemDetail | null> {
  const { db } = ctx;
  const [row] = await reviewListQuery(db).where(eq(reviewItems.id, id));
  if (!row) return null;
  const [item] = await db.select().from(reviewItems).where(eq(reviewItems.id, id));
  if (!item) return null;
  const [messages, [triage], [decision], [draft], orders, past, notes] = await Promise.all([
    conversationMessages(db, row.conversationId),
    db.select().from(triageResults).where(eq(triageResults.messageId, item.messageId)),
    db.select().from(decisions).where(eq(decisions.id, item.decisionId)),
    item.draftId ? db.select().from(drafts).where(eq(drafts.id, item.draftId)) : Promise.resolve([]),
    customerOrders(db, row.customerEmail, ctx.clock(), ctx.config.commerce.lateness),
    pastConversations(db, row.customerEmail, row.conversationId),
    notesOf(db, id),
  ]);
  return {
    item: toListItem(row),
    messages,
    pastConversations: past,
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
          updatedAt: draft.updatedAt.toISOString(),
        }
      : null,
    orders,
    notes,
  };
}

/** The customer's other conversations, newest first, with how many messages each holds. */
async function pastConversations(
  db: Executor,
  customerEmail: string,
  exceptId: string,
  limit = 10,
): Promise<PastConversationView[]> {
  const rows = await db
    .select({
      id: conversations.id,
      subject: conversations.subject,
      status: conversations.status,
      lastMessageAt: conversations.lastMessageAt,
      messages: sql<number>`count(${messagesTable.id})::int`,
    })
    .from(conversations)
    .leftJoin(messagesTable, eq(messagesTable.conversationId, conversations.id))
    .where(and(eq(conversations.customerEmail, customerEmail), ne(conversations.id, exceptId)))
    .groupBy(conversations.id)
    .orderBy(desc(conversations.lastMessageAt))
    .limit(limit);
  return rows.map((r) => ({ ...r, lastMessageAt: r.lastMessageAt.toISOString() }));
}

/**
 * What a review action answers with: the item as the list shows it, and its notes. The page reloads the
 * whole item afterwards, so an action does not read the thread, orders and the rest for it.
 */
export async function reviewItemSummary(
  db: Executor,
  id: string,
): Promise<{ item: ReviewListItem; notes: ReviewNoteView[] } | null> {
  const [[row], notes] = await Promise.all([
    reviewListQuery(db).where(eq(reviewItems.id, id)),
    notesOf(db, id),
  ]);
  return row ? { item: toListItem(row), notes } : null;
}

async function notesOf(db: Executor, reviewItemId: string): Promise<ReviewNoteView[]> {
  const rows = await db
    .select({
      id: reviewNotes.id,
      body: reviewNotes.body,
      authorName: users.name,
      at: reviewNotes.createdAt,
    })
    .from(reviewNotes)
    .leftJoin(users, eq(users.id, reviewNotes.authorId))
    .where(eq(reviewNotes.reviewItemId, reviewItemId))
    .orderBy(asc(reviewNotes.createdAt));
  return rows.map((n) => ({ ...n, at: n.at.toISOString() }));
}
