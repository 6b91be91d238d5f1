import { eq } from "drizzle-orm";
import { z } from "zod";
import { reviewItems } from "../../../db/schema/index.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { lockOpenReviewItem } from "./open-item.ts";

export const escalateReviewItemInput = z.object({
  itemId: z.uuid(),
  reason: z.string().trim().min(1, "say why it needs escalating").max(2000),
});
export type EscalateReviewItemInput = z.infer<typeof escalateReviewItemInput>;

/** Mark an item as needing a senior look: it becomes urgent and shows in the escalated view. */
export async function escalateReviewItem(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: EscalateReviewItemInput,
): Promise<void> {
  const { itemId, reason } = escalateReviewItemInput.parse(input);
  await withTransaction(ctx.db, async (tx) => {
    const item = await lockOpenReviewItem(tx, itemId);
    await tx
      .update(reviewItems)
      .set({ kind: "escalate", priority: "urgent", snoozedUntil: null })
      .where(eq(reviewItems.id, itemId));
    await recordAudit(tx, {
      actor,
      action: "review.escalated",
      subjectType: "review_item",
      subjectId: itemId,
      reason,
      data: { priorityBefore: item.priority },
    });
  });
}
