import { desc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { conversations, decisions, messages, reviewItems, triageResults } from "../../db/schema/index.ts";
import type { ConversationDetail, ConversationListItem } from "../api/types.ts";
import { conversationMessages } from "./views.ts";

/** Recent conversations with the latest decision on each, newest first. */
export async function listConversations(db: Executor, limit: number): Promise<ConversationListItem[]> {
  const rows = await db.select().from(conversations).orderBy(desc(conversations.lastMessageAt)).limit(limit);
  return summarise(db, rows);
}

export async function getConversation(db: Executor, id: string): Promise<ConversationDetail | null> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id));
  if (!row) return null;
  const [summary] = await summarise(db, [row]);
  const thread = await conversationMessages(db, id);
  const inboundIds = thread.filter((m) => m.direction === "inbound").map((m) => m.id);
  const [decisionRows, triageRows] =
    inboundIds.length > 0
      ? await Promise.all([
          db.select().from(decisions).where(inArray(decisions.messageId, inboundIds)),
          db.select().from(triageResults).where(inArray(triageResults.messageId, inboundIds)),
        ])
      : [[], []];
  return {
    conversation: summary as ConversationListItem,
    messages: thread,
    decisions: decisionRows.map((d) => {
      const t = triageRows.find((r) => r.messageId === d.messageId);
      return {
        messageId: d.messageId,
        action: d.action,
        reasons: d.reasons,
        facts: d.facts,
        at: d.createdAt.toISOString(),
        triage: t
          ? {
              engine: t.engine,
              intent: t.intent,
              confidence: t.confidence,
              language: t.language,
              sentiment: t.sentiment,
              orderNumbers: t.orderNumbers,
            }
          : null,
      };
    }),
    reviewItemId: summary?.reviewItemId ?? null,
  };
}

async function summarise(
  db: Executor,
  rows: (typeof conversations.$inferSelect)[],
): Promise<ConversationListItem[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const latest = await db
    .select({
      conversationId: messages.conversationId,
      receivedAt: messages.receivedAt,
      action: decisions.action,
      intent: triageResults.intent,
      language: triageResults.language,
    })
    .from(messages)
    .innerJoin(decisions, eq(decisions.messageId, messages.id))
    .leftJoin(triageResults, eq(triageResults.messageId, messages.id))
    .where(inArray(messages.conversationId, ids))
    .orderBy(desc(messages.receivedAt));
  const items = await db
    .select({
      id: reviewItems.id,
      conversationId: reviewItems.conversationId,
      createdAt: reviewItems.createdAt,
    })
    .from(reviewItems)
    .where(inArray(reviewItems.conversationId, ids))
    .orderBy(desc(reviewItems.createdAt));
  return rows.map((r) => {
    const last = latest.find((l) => l.conversationId === r.id);
    return {
      id: r.id,
      subject: r.subject,
      customerEmail: r.customerEmail,
      status: r.status,
      lastMessageAt: r.lastMessageAt.toISOString(),
      lastAction: last?.action ?? null,
      intent: last?.intent ?? null,
      language: last?.language ?? null,
      reviewItemId: items.find((i) => i.conversationId === r.id)?.id ?? null,
    };
  });
}
