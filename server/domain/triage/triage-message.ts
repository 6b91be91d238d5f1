import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { type TriageOutcome, triageEmail } from "../../../agent/pipeline.ts";
import type { Decision, EmailForTriage } from "../../../agent/types.ts";
import {
  conversations,
  decisions,
  drafts,
  messages,
  reviewItems,
  sends,
  triageResults,
} from "../../../db/schema/index.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { enqueueSend } from "../../jobs/enqueue.ts";
import { recordAudit } from "../audit.ts";
import { NotFoundError } from "../errors.ts";
import { mailProviderFor } from "../mail/providers.ts";

/** How long a person has to answer, by how the item came to them. */
const slaHours = { escalate: 2, review: 8 } as const;

export interface TriageMessageResult {
  action: TriageOutcome["decision"]["action"] | "already_triaged";
  sendId: string | null;
  reviewItemId: string | null;
}

/**
 * Run one stored inbound message through the agent and record everything it concluded: the triage
 * result, the decision with its reasons and facts, the draft, and either a review item or an outbox
 * row. Idempotent: a message already triaged is left as it is (a retried job ends in the same state).
 */
export async function triageMessage(ctx: AppContext, messageId: string): Promise<TriageMessageResult> {
  const [message] = await ctx.db
    .select({
      status: messages.status,
      mailboxId: messages.mailboxId,
      conversationId: messages.conversationId,
      providerMessageId: messages.providerMessageId,
      fromAddress: messages.fromAddress,
      fromName: messages.fromName,
      toAddresses: messages.toAddresses,
      subject: messages.subject,
      textBody: messages.textBody,
      htmlBody: messages.htmlBody,
      headers: messages.headers,
      receivedAt: messages.receivedAt,
    })
    .from(messages)
    .where(eq(messages.id, messageId));
  if (!message) throw new NotFoundError(`message ${messageId} not found`);
  if (message.status !== "received") return { action: "already_triaged", sendId: null, reviewItemId: null };

  const email: EmailForTriage = {
    from: { address: message.fromAddress, name: message.fromName },
    to: message.toAddresses,
    subject: message.subject,
    text: message.textBody,
    html: message.htmlBody,
    headers: message.headers,
    contentType:
      (message.headers["content-type"] ?? "text/plain").split(";")[0]?.trim().toLowerCase() ?? "text/plain",
    receivedAt: message.receivedAt,
  };
  const outcome = await triageEmail(ctx.agent, email);
  const { classification, draft } = outcome;
  const decision = await respectOpenReview(ctx, message.conversationId, outcome.decision);
  const now = ctx.clock();

  const result = await withTransaction(ctx.db, async (tx) => {
    // Claim the message: only one triage of it ever records a decision.
    const claimed = await tx
      .update(messages)
      .set({ status: "triaged" })
      .where(and(eq(messages.id, messageId), eq(messages.status, "received")))
      .returning({ status: messages.status });
    if (claimed.length === 0) return { action: "already_triaged" as const, sendId: null, reviewItemId: null };

    if (classification) {
      await tx.insert(triageResults).values({
        messageId,
        engine: classification.engine,
        intent: classification.intent,
        confidence: classification.confidence,
        language: classification.language,
        sentiment: classification.sentiment,
        orderNumbers: outcome.entities.orderNumbers,
        trackingNumbers: outcome.entities.trackingNumbers,
      });
    }
    const [decisionRow] = await tx
      .insert(decisions)
      .values({
        messageId,
        action: decision.action,
        reasons: decision.reasons,
        facts: {
          screen: outcome.screen,
          entities: outcome.entities,
          classification,
          facts: outcome.facts,
          checks: outcome.checks,
        },
      })
      .returning({ id: decisions.id });
    if (!decisionRow) throw new Error("decision insert returned nothing");

    let draftId: string | null = null;
    if (draft && decision.action !== "ignore") {
      const [draftRow] = await tx
        .insert(drafts)
        .values({
          conversationId: message.conversationId,
          replyToMessageId: messageId,
          subject: draft.subject,
          body: draft.body,
          originalBody: draft.body,
          language: draft.language,
          checks: outcome.checks,
          status: decision.action === "auto_send" ? "approved" : "proposed",
        })
        .returning({ id: drafts.id });
      draftId = draftRow?.id ?? null;
    }

    let sendId: string | null = null;
    let reviewItemId: string | null = null;
    if (decision.action === "auto_send" && draftId) {
      const [send] = await tx
        .insert(sends)
        .values({
          idempotencyKey: `reply-${draftId}`,
          mailboxId: message.mailboxId,
          conversationId: message.conversationId,
          draftId,
          kind: "auto_reply",
          rfcMessageId: `<${randomUUID()}@mailroom>`,
        })
        .returning({ id: sends.id });
      sendId = send?.id ?? null;
    } else if (decision.action === "review" || decision.action === "escalate") {
      // The newest message carries the conversation: an older open item for it is folded into this one.
      await tx
        .update(reviewItems)
        .set({ status: "closed", resolvedAt: now, resolution: "superseded by a newer message" })
        .where(and(eq(reviewItems.conversationId, message.conversationId), eq(reviewItems.status, "open")));
      const [item] = await tx
        .insert(reviewItems)
        .values({
          conversationId: message.conversationId,
          messageId,
          decisionId: decisionRow.id,
          draftId,
          kind: decision.action,
          summary: decision.reasons[0]?.detail ?? "needs a person",
          priority: decision.action === "escalate" ? "urgent" : "normal",
          dueAt: new Date(now.getTime() + slaHours[decision.action] * 3_600_000),
        })
        .returning({ id: reviewItems.id });
      reviewItemId = item?.id ?? null;
    }
    await tx
      .update(conversations)
      .set({
        status:
          decision.action === "ignore"
            ? "ignored"
            : decision.action === "auto_send"
              ? "open"
              : "waiting_review",
      })
      .where(eq(conversations.id, message.conversationId));
    await recordAudit(tx, {
      actor: { type: "system", name: `triage:${classification?.engine ?? "screen"}` },
      action: `decision.${decision.action}`,
      subjectType: "message",
      subjectId: messageId,
      reason: decision.reasons.map((r) => r.rule).join(", "),
      data: { reasons: decision.reasons },
    });
    return { action: decision.action, sendId, reviewItemId };
  });

  if (result.sendId) await enqueueSend(ctx, result.sendId);
  if (result.action !== "already_triaged")
    await labelInMailbox(ctx, message.mailboxId, message.providerMessageId, result.action);
  return result;
}

/**
 * A person already has this conversation in the queue: a follow-up goes to them too, never answered
 * automatically past them.
 */
async function respectOpenReview(
  ctx: AppContext,
  conversationId: string,
  decision: Decision,
): Promise<Decision> {
  if (decision.action !== "auto_send") return decision;
  const [open] = await ctx.db
    .select({ id: reviewItems.id })
    .from(reviewItems)
    .where(and(eq(reviewItems.conversationId, conversationId), eq(reviewItems.status, "open")))
    .limit(1);
  if (!open) return decision;
  return {
    action: "review",
    reasons: [
      { rule: "conversation.open_review", detail: "a person is already handling this conversation" },
      ...decision.reasons,
    ],
  };
}

/** Best effort: the label is for people who still open the mailbox; Mailroom's state is in Postgres. */
async function labelInMailbox(ctx: AppContext, mailboxId: string, providerMessageId: string, action: string) {
  try {
    const { provider } = await mailProviderFor(ctx, mailboxId);
    const state = action === "ignore" ? "ignored" : action === "auto_send" ? "auto_replied" : "needs_review";
    await provider.markHandled(providerMessageId, state);
  } catch (error) {
    ctx.logger.warn({ err: error, mailboxId }, "could not label the message in its mailbox");
  }
}
