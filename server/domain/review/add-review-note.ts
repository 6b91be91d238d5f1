import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { reviewItems, reviewNotes } from "../../../db/schema/index.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { NotFoundError } from "../errors.ts";

export const addReviewNoteInput = z.object({
  itemId: z.uuid(),
  body: z.string().trim().min(1, "write the note").max(5000),
});
export type AddReviewNoteInput = z.infer<typeof addReviewNoteInput>;

/** An internal note for the team on any item, open or resolved; never sent to the customer. */
export async function addReviewNote(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: AddReviewNoteInput,
): Promise<{ noteId: string }> {
  const { itemId, body } = addReviewNoteInput.parse(input);
  return withTransaction(ctx.db, async (tx) => {
    const [item] = await tx
      .select({ id: reviewItems.id })
      .from(reviewItems)
      .where(eq(reviewItems.id, itemId));
    if (!item) throw new NotFoundError(`review item ${itemId} not found`);
    const [note] = await tx
      .insert(reviewNotes)
      .values({ reviewItemId: itemId, authorId: actor.type === "user" ? actor.id : null, body })
      .returning({ id: reviewNotes.id });
    // Touch the item so live viewers see the note arrive.
    await tx.update(reviewItems).set({ updatedAt: sql`now()` }).where(eq(reviewItems.id, itemId));
    await recordAudit(tx, {
      actor,
      action: "review.noted",
      subjectType: "review_item",
      subjectId: itemId,
      data: { noteId: note?.id, length: body.length },
    });
    return { noteId: note?.id ?? "" };
  });
}
