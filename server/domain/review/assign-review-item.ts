import { eq } from "drizzle-orm";
import { z } from "zod";
import { reviewItems, users } from "../../../db/schema/index.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { InvalidInputError } from "../errors.ts";
import { lockOpenReviewItem } from "./open-item.ts";

export const assignReviewItemInput = z.object({
  itemId: z.uuid(),
  /** The person who should handle it; null gives it back to the team. */
  assigneeId: z.uuid().nullable(),
});
export type AssignReviewItemInput = z.infer<typeof assignReviewItemInput>;

const canReview = new Set(["agent", "manager", "admin"]);

/** Hand an open item to one person (or back to the team). */
export async function assignReviewItem(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: AssignReviewItemInput,
): Promise<void> {
  const { itemId, assigneeId } = assignReviewItemInput.parse(input);
  await withTransaction(ctx.db, async (tx) => {
    const item = await lockOpenReviewItem(tx, itemId);
    if (assigneeId) {
      const [person] = await tx
        .select({ role: users.role, deactivatedAt: users.deactivatedAt })
        .from(users)
        .where(eq(users.id, assigneeId));
      if (!person || person.deactivatedAt) throw new InvalidInputError("no active person with that id");
      if (!canReview.has(person.role))
        throw new InvalidInputError(`a ${person.role} cannot work the review queue`);
    }
    await tx.update(reviewItems).set({ assigneeId }).where(eq(reviewItems.id, itemId));
    await recordAudit(tx, {
      actor,
      action: "review.assigned",
      subjectType: "review_item",
      subjectId: itemId,
      data: { from: item.assigneeId, to: assigneeId },
    });
  });
}
