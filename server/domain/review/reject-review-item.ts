import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { conversations, drafts, reviewItems } from "../../../db/schema/index.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { ConflictError, NotFoundError } from "../errors.ts";

export const rejectReviewItemInput = z.object({
  itemId: z.uuid(),
  reason: z.string().trim().min(1, "say why the draft is rejected").max(2000),
});
export type RejectReviewItemInput = z.infer<typeof rejectReviewItemInput>;

/** A person rejects the draft: nothing is sent, the reason is kept for tuning and the audit trail. */
export async function rejectReviewItem(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: RejectReviewItemInput,
): Promise<void> {
  const { itemId, reason } = rejectReviewItemInput.parse(input);
  await withTransaction(ctx.db, async (tx) => {
    const [item] = await tx.select().from(reviewItems).where(eq(reviewItems.id, itemId)).for("update");
    if (!item) throw new NotFoundError(`review item ${itemId} not found`);
    if (item.status !== "open") throw new ConflictError(`review item is already ${item.status}`);
    await tx
      .update(reviewItems)
      .set({
        status: "rejected",
        resolvedAt: ctx.clock(),
        resolvedBy: actor.type === "user" ? actor.id : null,
        resolution: reason,
      })
      .where(and(eq(reviewItems.id, itemId), eq(reviewItems.status, "open")));
    if (item.draftId) await tx.update(drafts).set({ status: "rejected" }).where(eq(drafts.id, item.draftId));
    await tx.update(conversations).set({ status: "closed" }).where(eq(conversations.id, item.conversationId));
    await recordAudit(tx, {
      actor,
      action: "review.rejected",
      subjectType: "review_item",
      subjectId: itemId,
      reason,
    });
  });
}
