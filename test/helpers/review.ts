import { randomBytes } from "node:crypto";
import type { Executor } from "../../db/client.ts";
import {
  conversations,
  decisions,
  drafts,
  messages,
  reviewItems,
  triageResults,
} from "../../db/schema/index.ts";

const intents = ["where_is_my_order", "refund", "cancel", "address_change", "damaged", "other"] as const;
const languages = ["en", "de", "ro", "fr"] as const;
const rules = ["shipment.late", "confidence.low", "refund.amount", "customer.angry"] as const;
const priorities = ["low", "normal", "high", "urgent"] as const;

export interface MintedReviewItem {
  id: string;
  conversationId: string;
  customerEmail: string;
  subject: string;
  orderNumber: string;
  intent: string;
  language: string;
  rule: string;
}

/**
 * `count` open review items with their conversation, inbound message, triage, decision and draft, written
 * in bulk (the queue list and bench need thousands; the pipeline would take minutes). Values cycle so
 * every filter has matches.
 */
export async function mintReviewItems(
  db: Executor,
  { mailboxId, count, now = new Date() }: { mailboxId: string; count: number; now?: Date },
): Promise<MintedReviewItem[]> {
  const tag = randomBytes(3).toString("hex");
  const minted: MintedReviewItem[] = [];
  for (let start = 0; start < count; start += 1_000) {
    const n = Math.min(1_000, count - start);
    const spec = Array.from({ length: n }, (_, j) => {
      const i = start + j;
      return {
        i,
        customerEmail: `customer-${tag}-${i}@shop.example`,
        subject: `Question ${tag} number ${i}`,
        orderNumber: `${tag.toUpperCase()}${String(i).padStart(6, "0")}`,
        intent: intents[i % intents.length] as string,
        language: languages[i % languages.length] as string,
        rule: rules[i % rules.length] as string,
      };
    });
    const convs = await db
      .insert(conversations)
      .values(
        spec.map((s) => ({
          mailboxId,
          subject: s.subject,
          customerEmail: s.customerEmail,
          status: "waiting_review" as const,
        })),
      )
      .returning({ id: conversations.id });
    const msgs = await db
      .insert(messages)
      .values(
        spec.map((s, j) => ({
          mailboxId,
          conversationId: convs[j]?.id as string,
          direction: "inbound" as const,
          status: "triaged" as const,
          providerMessageId: `minted-${tag}-${s.i}`,
          fromAddress: s.customerEmail,
          subject: s.subject,
          textBody: `Where is order ${s.orderNumber}?`,
        })),
      )
      .returning({ id: messages.id });
    await db.insert(triageResults).values(
      spec.map((s, j) => ({
        messageId: msgs[j]?.id as string,
        engine: "local",
        intent: s.intent,
        confidence: 0.9,
        language: s.language,
        sentiment: "neutral",
        orderNumbers: [s.orderNumber],
      })),
    );
    const decs = await db
      .insert(decisions)
      .values(
        spec.map((s, j) => ({
          messageId: msgs[j]?.id as string,
          action: "review" as const,
          reasons: [{ rule: s.rule, detail: `${s.rule} for ${s.orderNumber}` }],
          facts: {},
        })),
      )
      .returning({ id: decisions.id });
    const drs = await db
      .insert(drafts)
      .values(
        spec.map((s, j) => ({
          conversationId: convs[j]?.id as string,
          replyToMessageId: msgs[j]?.id as string,
          subject: `Re: ${s.subject}`,
          body: `Hello, order ${s.orderNumber} is on its way.`,
          originalBody: `Hello, order ${s.orderNumber} is on its way.`,
          language: s.language,
        })),
      )
      .returning({ id: drafts.id });
    const items = await db
      .insert(reviewItems)
      .values(
        spec.map((s, j) => ({
          conversationId: convs[j]?.id as string,
          messageId: msgs[j]?.id as string,
          decisionId: decs[j]?.id as string,
          draftId: drs[j]?.id as string,
          kind: "review" as const,
          summary: `${s.rule} for ${s.orderNumber}`,
          priority: priorities[s.i % priorities.length] as (typeof priorities)[number],
          // Spread over two days around now, so some are overdue.
          dueAt: new Date(now.getTime() + ((s.i * 7919) % 2880) * 60_000 - 24 * 3600_000),
        })),
      )
      .returning({ id: reviewItems.id });
    for (const [j, s] of spec.entries()) {
      minted.push({ ...s, id: items[j]?.id as string, conversationId: convs[j]?.id as string });
    }
  }
  return minted;
}
