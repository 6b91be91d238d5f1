import { eq } from "drizzle-orm";
import { z } from "zod";
import { reviewItems } from "../../../db/schema/index.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { InvalidInputError } from "../errors.ts";
import { lockOpenReviewItem } from "./open-item.ts";

export const snoozeReviewItemInput = z.object({
  itemId: z.uuid(),
  until: z.coerce.date(),
});
export type SnoozeReviewItemInput = z.infer<typeof snoozeReviewItemInput>;

const maxSnoozeMs = 30 * 24 * 3600_000;

/** Hide an open item from the queue until a time; it comes back on its own. */
export async function snoozeReviewItem(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: SnoozeReviewItemInput,
): Promise<void> {
  const { itemId, until } = snoozeReviewItemInput.parse(input);
  const now = ctx.clock();
  if (until <= now) throw new InvalidInputError("snooze until a time in the future");
  if (until.getTime() - now.getTime() > maxSnoozeMs)
    throw new InvalidInputError("snooze for 30 days at most");
  await withTransaction(ctx.db, async (tx) => {
    await lockOpenReviewItem(tx, itemId);
    await tx.update(reviewItems).set({ snoozedUntil: until }).where(eq(reviewItems.id, itemId));
    await recordAudit(tx, {
      actor,
      action: "review.snoozed",
      subjectType: "review_item",
      subjectId: itemId,
      data: { until: until.toISOString() },
    });
  });
}
