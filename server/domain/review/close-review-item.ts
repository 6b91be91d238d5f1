import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { conversations, drafts, reviewItems } from "../../../db/schema/index.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { lockOpenReviewItem } from "./open-item.ts";

export const closeReviewItemInput = z.object({
  itemId: z.uuid(),
  reason: z.string().trim().max(2000).optional(),
});
export type CloseReviewItemInput = z.infer<typeof closeReviewItemInput>;

/** Close without replying (a thank-you, a duplicate, handled by phone): nothing is sent. */
export async function closeReviewItem(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: CloseReviewItemInput,
): Promise<void> {
  const { itemId, reason } = closeReviewItemInput.parse(input);
  await withTransaction(ctx.db, async (tx) => {
    const item = await lockOpenReviewItem(tx, itemId);
    await tx
      .update(reviewItems)
      .set({
        status: "closed",
        resolvedAt: ctx.clock(),
        resolvedBy: actor.type === "user" ? actor.id : null,
        resolution: "closed_without_reply",
      })
      .where(and(eq(reviewItems.id, itemId), eq(reviewItems.status, "open")));
    if (item.draftId)
      await tx.update(drafts).set({ status: "superseded" }).where(eq(drafts.id, item.draftId));
    await tx.update(conversations).set({ status: "closed" }).where(eq(conversations.id, item.conversationId));
    await recordAudit(tx, {
      actor,
      action: "review.closed_without_reply",
      subjectType: "review_item",
      subjectId: itemId,
      reason: reason ?? null,
    });
  });
}
