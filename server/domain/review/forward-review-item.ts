import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { drafts, mailboxes, messages, reviewItems, sends } from "../../../db/schema/index.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { enqueueSend } from "../../jobs/enqueue.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { NotFoundError } from "../errors.ts";
import { newMessageId } from "../mail/message-id.ts";
import { recipientList } from "./approve-review-item.ts";

export const forwardReviewItemInput = z.object({
  itemId: z.uuid(),
  to: recipientList.min(1, "say where to forward it"),
  /** What the person asks of them, above the forwarded message. */
  note: z.string().trim().min(1, "write a note for them").max(5000),
});
export type ForwardReviewItemInput = z.infer<typeof forwardReviewItemInput>;

/**
 * A person passes the customer's message on (to the warehouse, a carrier contact) with a note. It goes out
 * through the outbox like a reply (invariant 2: written before the provider call, sent once), from the
 * item's mailbox, and shows in the thread; the item stays as it was — forwarding answers no one.
 */
export async function forwardReviewItem(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: ForwardReviewItemInput,
): Promise<{ sendId: string }> {
  const { itemId, to, note } = forwardReviewItemInput.parse(input);
  const sendId = await withTransaction(ctx.db, async (tx) => {
    const [item] = await tx
      .select({
        conversationId: reviewItems.conversationId,
        messageId: reviewItems.messageId,
        subject: messages.subject,
        mailboxId: messages.mailboxId,
        mailboxAddress: mailboxes.address,
      })
      .from(reviewItems)
      .innerJoin(messages, eq(messages.id, reviewItems.messageId))
      .innerJoin(mailboxes, eq(mailboxes.id, messages.mailboxId))
      .where(eq(reviewItems.id, itemId));
    if (!item) throw new NotFoundError(`review item ${itemId} not found`);
    const [draft] = await tx
      .insert(drafts)
      .values({
        conversationId: item.conversationId,
        replyToMessageId: item.messageId,
        status: "approved",
        subject: forwardSubject(item.subject),
        body: note,
        originalBody: note,
        language: "en",
        toAddresses: to,
        ...(actor.type === "user" ? { editedBy: actor.id } : {}),
      })
      .returning({ id: drafts.id });
    if (!draft) throw new Error("the forward's draft was not written");
    const [send] = await tx
      .insert(sends)
      .values({
        idempotencyKey: `forward-${randomUUID()}`,
        mailboxId: item.mailboxId,
        conversationId: item.conversationId,
        draftId: draft.id,
        kind: "forward",
        rfcMessageId: newMessageId(item.mailboxAddress),
      })
      .returning({ id: sends.id });
    if (!send) throw new Error("the forward's outbox row was not written");
    // Touch the item so live viewers see the forward arrive in the thread.
    await tx.update(reviewItems).set({ updatedAt: sql`now()` }).where(eq(reviewItems.id, itemId));
    await recordAudit(tx, {
      actor,
      action: "review.forwarded",
      subjectType: "review_item",
      subjectId: itemId,
      data: { to, sendId: send.id, noteLength: note.length },
    });
    return send.id;
  });
  await enqueueSend(ctx, [sendId]);
  return { sendId };
}

/** "Fwd: " once, whatever the subject already carries. */
export function forwardSubject(subject: string): string {
  const bare = subject.replace(/^\s*((re|aw|sv|fw|fwd|răspuns|回复|回覆|转发|轉寄)\s*[:：]\s*)+/i, "").trim();
  return `Fwd: ${bare || "customer message"}`;
}
