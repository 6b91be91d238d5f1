import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { drafts, mailboxes, messages, reviewItems, sends } from "../../../db/schema/index.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { enqueueSend } from "../../jobs/enqueue.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.ts";
import { newMessageId } from "../mail/message-id.ts";

/** Addresses a person typed; at most a handful, each a plain address. */
export const recipientList = z.array(z.email().max(320).toLowerCase()).max(20);

export const approveReviewItemInput = z.object({
  itemId: z.uuid(),
  /** The person's edit of the draft; absent: send the draft as proposed. */
  body: z.string().trim().min(1).max(20_000).optional(),
  /** Copies the person added in the reply editor. */
  cc: recipientList.optional(),
  bcc: recipientList.optional(),
});
export type ApproveReviewItemInput = z.infer<typeof approveReviewItemInput>;

/**
 * A person approves a review item: the (possibly edited) draft goes to the outbox and a send job is
 * queued. Two people approving at once: the row lock lets one through; the other gets a conflict.
 */
export async function approveReviewItem(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: ApproveReviewItemInput,
): Promise<{ sendId: string }> {
  const { itemId, body, cc, bcc } = approveReviewItemInput.parse(input);
  const sendId = await withTransaction(ctx.db, async (tx) => {
    const [item] = await tx.select().from(reviewItems).where(eq(reviewItems.id, itemId)).for("update");
    if (!item) throw new NotFoundError(`review item ${itemId} not found`);
    if (item.status !== "open") throw new ConflictError(`review item is already ${item.status}`);
    if (!item.draftId) throw new InvalidInputError("this item has no draft to send; write a reply first");
    const [draft] = await tx.select().from(drafts).where(eq(drafts.id, item.draftId));
    const [message] = await tx
      .select({ mailboxId: messages.mailboxId, mailboxAddress: mailboxes.address })
      .from(messages)
      .innerJoin(mailboxes, eq(mailboxes.id, messages.mailboxId))
      .where(eq(messages.id, item.messageId));
    if (!draft || !message) throw new NotFoundError("the item's draft or message is gone");
    const edited = body !== undefined && body !== draft.body;
    const sent = edited ? body : draft.body;
    await tx
      .update(drafts)
      .set({
        status: "approved",
        ...(edited ? { body } : {}),
        ...(cc ? { ccAddresses: cc } : {}),
        ...(bcc ? { bccAddresses: bcc } : {}),
        ...(actor.type === "user" ? { editedBy: actor.id } : {}),
      })
      .where(eq(drafts.id, draft.id));
    const [send] = await tx
      .insert(sends)
      .values({
        idempotencyKey: `reply-${draft.id}`,
        mailboxId: message.mailboxId,
        conversationId: item.conversationId,
        draftId: draft.id,
        kind: "human_reply",
        rfcMessageId: newMessageId(message.mailboxAddress),
      })
      .onConflictDoNothing({ target: sends.idempotencyKey })
      .returning({ id: sends.id });
    if (!send) throw new ConflictError("this draft has already been sent");
    await tx
      .update(reviewItems)
      .set({
        status: "approved",
        resolvedAt: ctx.clock(),
        resolvedBy: actor.type === "user" ? actor.id : null,
        resolution: edited ? "edited_and_sent" : "approved",
      })
      .where(and(eq(reviewItems.id, itemId), eq(reviewItems.status, "open")));
    await recordAudit(tx, {
      actor,
      action: edited ? "review.edited_and_approved" : "review.approved",
      subjectType: "review_item",
      subjectId: itemId,
      // The generated draft, what was on screen before this edit (a regenerated version, say), and what
      // went out: for tone tuning. Nothing when the generated draft went out as it was.
      data: {
        ...(sent !== draft.originalBody
          ? { original: draft.originalBody, before: draft.body, after: sent }
          : {}),
        ...(cc?.length ? { cc } : {}),
        ...(bcc?.length ? { bcc } : {}),
      },
    });
    return send.id;
  });
  await enqueueSend(ctx, [sendId]);
  return { sendId };
}
